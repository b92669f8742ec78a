/**
 * GIVEN `npm start` (src/main.ts in its own process, metrics on) against the fake Discord, and a burst of messages
 * the process has received but may not have written yet, WHEN it gets SIGTERM THEN it exits 0, every received
 * message is in the database, the WAL is folded back into the database file, the database is intact, and the
 * gateway connection is closed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ChannelType } from 'discord-api-types/v10';
import { afterEach, expect, it, vi } from 'vitest';
import { FakeDiscord } from '../../src/sim/index.js';

let fake: FakeDiscord | null = null;
afterEach(async () => {
  await fake?.stop();
  fake = null;
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const BURST = 300;

it('GIVEN a burst of received messages WHEN SIGTERM arrives THEN exit 0, all recorded, WAL checkpointed, gateway closed', { timeout: 120_000 }, async () => {
  fake = await FakeDiscord.start({ heartbeatIntervalMs: 1_000 });
  const guild = fake.createGuild({ name: 'Shutdown' });
  const channel = fake.createChannel(guild.id, { name: 'general', type: ChannelType.GuildText });
  const ada = fake.addMember(guild.id, { username: 'ada' }).user.id;
  const dir = mkdtempSync(join(tmpdir(), 'attune-shutdown-'));
  const databasePath = join(dir, 'attune.db');
  const port = await freePort();
  const root = join(import.meta.dirname, '../..');
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main.ts')], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_PATH: databasePath,
      MESSAGE_CONTENT_INTENT: 'true',
      LOG_LEVEL: 'info',
      METRICS_PORT: String(port),
      TRAINING_CRON: 'off',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await vi.waitFor(() => expect(output).toContain('guild synced'), { timeout: 90_000, interval: 100 });
    expect(fake.sessions().filter((s) => s.connected)).toHaveLength(1);

    for (let i = 0; i < BURST; i++) fake.postMessage({ channelId: channel.id, authorId: ada, content: `burst ${i}` });
    // Wait until the process has *received* every message (its gateway counter), not until it has written them:
    // the write batch is what shutdown must finish.
    const received = async () => {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith('attune_gateway_events_total{type="MESSAGE_CREATE"}'));
      return Number(line?.split(' ')[1] ?? 0);
    };
    await vi.waitFor(async () => expect(await received()).toBe(BURST), { timeout: 20_000, interval: 5 });
    child.kill('SIGTERM');
    expect(await exited, output).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }

  const lines = output.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { msg: string; failedSteps?: number });
  expect(lines.find((line) => line.msg === 'stopped')?.failedSteps).toBe(0);
  // The gateway connection is closed from the bot's side.
  expect(fake.sessions().filter((s) => s.connected)).toEqual([]);
  // The WAL was checkpointed: the file is gone (last connection closed) or empty.
  const wal = `${databasePath}-wal`;
  expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
  const db = new Database(databasePath, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const { n } = db.prepare(`SELECT COUNT(*) AS n FROM posts WHERE content LIKE 'burst %'`).get() as { n: number };
    expect(n).toBe(BURST);
  } finally {
    db.close();
  }
});

/**
 * GIVEN `npm start` (src/main.ts in its own process, metrics on) against the fake Discord, and a burst of messages
 * the process has received but may not have written yet, WHEN it gets SIGTERM THEN it exits 0, every received
 * message is in the database, the WAL is folded back into the database file, the database is intact, and the
 * gateway connection is closed.
 */
import { existsSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { ChannelType } from 'discord-api-types/v10';
import { expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.js';
import { processWorld } from '../helpers/process-world.js';

const world = processWorld();

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const BURST = 300;

it('GIVEN a burst of received messages WHEN SIGTERM arrives THEN exit 0, all recorded, WAL checkpointed, gateway closed', { timeout: 120_000 }, async () => {
  const { fake, db } = world;
  // Only the bot's connection may be open at its shutdown: the checkpoint below is the bot's alone to make.
  db.close();
  const guild = fake.createGuild({ name: 'Shutdown' });
  const channel = fake.createChannel(guild.id, { name: 'general', type: ChannelType.GuildText });
  const ada = fake.addMember(guild.id, { username: 'ada' }).user.id;
  const port = await freePort();
  const bot = world.startBot({ METRICS_PORT: String(port) });
  await bot.waitForLog('guild synced');
  expect(fake.sessions().filter((s) => s.connected)).toHaveLength(1);

  for (let i = 0; i < BURST; i++) fake.postMessage({ channelId: channel.id, authorId: ada, content: `burst ${i}` });
  // Wait until the process has *received* every message (its gateway counter), not until it has written them:
  // the write batch is what shutdown must finish.
  const received = async () => {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith('attune_gateway_events_total{type="MESSAGE_CREATE"}'));
    return Number(line?.split(' ')[1] ?? 0);
  };
  // The burst, and attune's own setup message after joining (Discord echoes a bot's messages to it too).
  await eventually(async () => expect(await received()).toBe(BURST + 1), { interval: 5 });
  expect(await bot.stop(), bot.output).toBe(0);

  const lines = bot.output.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { msg: string; failedSteps?: number });
  expect(lines.find((line) => line.msg === 'stopped')?.failedSteps).toBe(0);
  // The gateway connection is closed from the bot's side.
  expect(fake.sessions().filter((s) => s.connected)).toEqual([]);
  // The WAL was checkpointed: the file is gone (last connection closed) or empty.
  const wal = `${db.path}-wal`;
  expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
  const written = new Database(db.path, { readonly: true });
  try {
    expect(written.pragma('integrity_check', { simple: true })).toBe('ok');
    const { n } = written.prepare(`SELECT COUNT(*) AS n FROM posts WHERE content LIKE 'burst %'`).get() as { n: number };
    expect(n).toBe(BURST);
  } finally {
    written.close();
  }
  world.expectNoFaults();
});

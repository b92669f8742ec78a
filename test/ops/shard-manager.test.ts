/**
 * GIVEN `npm run start:sharded` (src/app/shard-manager.ts, discord.js's ShardingManager) with TOTAL_SHARDS=2 against the fake
 * Discord, which routes guilds to shards by (guild_id >> 22) % 2, THEN two processes identify as shards [0,2] and
 * [1,2], every guild is synced into the one shared database, and SIGTERM to the manager stops both shards
 * gracefully (exit 0, gateway closed). Slow (the manager waits 5.5 s between shard identifies), so it is one test.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ChannelType } from 'discord-api-types/v10';
import { afterEach, expect, it, vi } from 'vitest';
import { FakeDiscord } from '../../src/sim/index.js';

let fake: FakeDiscord | null = null;
let ticker: NodeJS.Timeout | null = null;
afterEach(async () => {
  if (ticker) clearInterval(ticker);
  await fake?.stop();
  fake = null;
});

it('GIVEN TOTAL_SHARDS=2 THEN two shard processes share the guilds and the database, and SIGTERM stops both cleanly', { timeout: 150_000 }, async () => {
  // Guild ids minted a millisecond apart alternate between the two shards.
  let clock = Date.now();
  fake = await FakeDiscord.start({ heartbeatIntervalMs: 1_000, clock: () => clock });
  const guildIds = [0, 1, 2, 3].map((i) => {
    clock += 1;
    const guild = fake!.createGuild({ name: `guild ${i}` });
    fake!.createChannel(guild.id, { name: 'general', type: ChannelType.GuildText });
    return guild.id;
  });
  ticker = setInterval(() => (clock = Math.max(clock, Date.now())), 20);
  const databasePath = join(mkdtempSync(join(tmpdir(), 'attune-shards-')), 'attune.db');
  const root = join(import.meta.dirname, '../..');
  const manager = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/app/shard-manager.ts')], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_PATH: databasePath,
      TOTAL_SHARDS: '2',
      TRAINING_CRON: 'off',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  manager.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  manager.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => manager.on('exit', (code) => resolve(code)));
  try {
    await vi.waitFor(() => expect(output.match(/"msg":"guild synced"/g)?.length ?? 0).toBe(4), { timeout: 120_000, interval: 200 });
    const shards = fake.sessions().filter((s) => s.connected).map((s) => s.shard).sort();
    expect(shards).toEqual([[0, 2], [1, 2]]);
    manager.kill('SIGTERM');
    expect(await exited, output).toBe(0);
  } finally {
    if (manager.exitCode === null) manager.kill('SIGKILL');
  }
  expect(output.match(/"msg":"stopped"/g)).toHaveLength(2);
  expect(fake.sessions().filter((s) => s.connected)).toEqual([]);
  const db = new Database(databasePath, { readonly: true });
  try {
    const stored = (db.prepare('SELECT id FROM guilds ORDER BY id').all() as { id: string }[]).map((g) => g.id);
    expect(stored).toEqual([...guildIds].sort());
  } finally {
    db.close();
  }
});

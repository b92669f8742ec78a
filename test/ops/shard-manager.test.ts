/**
 * GIVEN `npm run start:sharded` (src/app/shard-manager.ts, discord.js's ShardingManager) with TOTAL_SHARDS=2 against the fake
 * Discord, which routes guilds to shards by (guild_id >> 22) % 2, THEN two processes identify as shards [0,2] and
 * [1,2], every guild is synced into the one shared database, and SIGTERM to the manager stops both shards
 * gracefully (exit 0, gateway closed). Slow (the manager waits 5.5 s between shard identifies), so it is one test.
 */
import { ChannelType } from 'discord-api-types/v10';
import { afterEach, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.js';
import { processWorld } from '../helpers/process-world.js';
import { rows } from '../helpers/rows.js';

// Guild ids minted a millisecond apart alternate between the two shards; later the clock follows real time.
let clock = Date.now();
let ticker: NodeJS.Timeout | null = null;
const world = processWorld(() => ({ clock: () => clock }));
afterEach(() => {
  if (ticker) clearInterval(ticker);
});

it('GIVEN TOTAL_SHARDS=2 THEN two shard processes share the guilds and the database, and SIGTERM stops both cleanly', { timeout: 150_000 }, async () => {
  const { fake, db } = world;
  clock = Date.now();
  const guildIds = [0, 1, 2, 3].map((i) => {
    clock += 1;
    const guild = fake.createGuild({ name: `guild ${i}` });
    fake.createChannel(guild.id, { name: 'general', type: ChannelType.GuildText });
    return guild.id;
  });
  // The fake's clock follows real time from here on (ids of later events must not go back).
  ticker = setInterval(() => (clock = Math.max(clock, Date.now())), 20);
  const manager = world.startShardManager({ TOTAL_SHARDS: '2' });
  await eventually(() => expect(manager.logCount('guild synced')).toBe(4), { timeout: 120_000, interval: 200 });
  const shards = fake.sessions().filter((s) => s.connected).map((s) => s.shard).sort();
  expect(shards).toEqual([[0, 2], [1, 2]]);
  expect(await manager.stop(), manager.output).toBe(0);
  expect(manager.logCount('stopped')).toBe(2);
  expect(fake.sessions().filter((s) => s.connected)).toEqual([]);
  expect(rows<{ id: string }>(db.path, 'SELECT id FROM guilds ORDER BY id').map((g) => g.id)).toEqual([...guildIds].sort());
  world.expectNoFaults();
});

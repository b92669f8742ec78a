/**
 * GIVEN the bot process recording events WHEN another connection holds the database's write lock for longer than the
 * bot's busy timeout (5 s) THEN the ingest writer's batch waits and retries (it logs that it did), and once the lock
 * is released every event is recorded exactly once.
 */
import { ChannelType } from 'discord-api-types/v10';
import { afterEach, expect, it, vi } from 'vitest';
import type { FakeDiscord } from '../../src/sim/index.js';
import { createTempDb, startFake, type TempDb } from '../helpers/bot-harness.js';
import { BotProcess, errorLines } from './bot-process.js';
import { activityBurst, addReactionTruth, duplicates, recordedIn, truthOf } from './world.js';

const DAY = 86_400_000;
/** The bot's busy timeout (src/db/connection.ts) plus margin: SQLite itself gives up waiting before we let go. */
const HOLD_MS = 6_500;
let fake: FakeDiscord | null = null;
let db: TempDb | null = null;
let bot: BotProcess | null = null;

afterEach(async () => {
  await bot?.stop();
  bot = null;
  await fake?.stop();
  fake = null;
  db?.dispose();
  db = null;
});

it('GIVEN a concurrent writer holding the lock past the busy timeout THEN the bot retries and loses nothing', async () => {
  fake = await startFake();
  db = createTempDb();
  const f = fake;
  const guildId = f.createGuild({ name: 'Busy' }).id;
  const channels = [f.createChannel(guildId, { name: 'general', type: ChannelType.GuildText }).id];
  const members = Array.from({ length: 8 }, (_, i) => f.addMember(guildId, { username: `m${i}` }, { joinedAt: Date.now() - 60 * DAY }).user.id);
  const burst = activityBurst(f, channels, members, 11);

  bot = BotProcess.start(f, { databasePath: db.path });
  await bot.waitForLog('guild synced');
  burst.play(50);

  // A second better-sqlite3 connection (a CLI import, a backup tool) takes the write lock and keeps it.
  db.sqlite.prepare('BEGIN IMMEDIATE').run();
  try {
    db.sqlite.prepare(`UPDATE guilds SET name = name WHERE id = ?`).run(guildId);
    burst.play(200);
    await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
    // Nothing of the burst could be committed while the lock was held.
    expect(recordedIn(db.path).posts.length).toBeLessThan(new Set(truthOf(f, channels).posts).size);
  } finally {
    db.sqlite.prepare('COMMIT').run();
  }
  burst.play(50);

  const truth = addReactionTruth(truthOf(f, channels), burst.reactions);
  const recorded = await vi.waitFor(
    () => {
      const now = recordedIn(db!.path);
      expect(now.posts.length).toBe(truth.posts.size);
      expect(now.reactions.length).toBe(truth.reactions.size);
      expect(now.ledgerKeys.length).toBe(truth.ledgerKeys.size);
      return now;
    },
    { timeout: 60_000, interval: 250 },
  );
  expect(new Set(recorded.posts)).toEqual(truth.posts);
  expect(new Set(recorded.reactions)).toEqual(truth.reactions);
  expect(duplicates(recorded.ledgerKeys)).toEqual([]);
  expect(new Set(recorded.ledgerKeys)).toEqual(truth.ledgerKeys);
  // The busy path was taken: SQLite's own wait ran out and the writer retried the batch.
  expect(bot.logCount('database was busy; ingest batch waited')).toBeGreaterThan(0);
  expect(f.specViolations).toEqual([]);
  expect(errorLines(bot.output)).toEqual([]);
}, 300_000);

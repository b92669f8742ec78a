/**
 * GIVEN the bot process recording events WHEN another connection holds the database's write lock for longer than the
 * bot's busy timeout (5 s) THEN the ingest writer's batch waits and retries (it says so while it waits, and again
 * once it got through), and once the lock is released every event is recorded exactly once.
 */
import { expect, it } from 'vitest';
import { processWorld } from '../helpers/process-world.js';
import { activityBurst, addReactionTruth, expectRecordedOnce, recordedIn, truthOf, type Recorded } from './world.js';

const world = processWorld();

const counts = (recorded: Recorded) => ({ posts: recorded.posts.length, reactions: recorded.reactions.length, ledger: recorded.ledgerKeys.length });

it('GIVEN a concurrent writer holding the lock past the busy timeout THEN the bot waits, retries and loses nothing', async () => {
  const { fake, db } = world;
  const guild = world.guild('Busy', { channels: ['general'], members: 8 });
  const channels = Object.values(guild.channels);
  const burst = activityBurst(fake, channels, guild.members, 11);

  const bot = world.startBot();
  await bot.waitForLog('guild synced');
  burst.play(50);
  // All of it committed first, so what the lock holds back below is exactly what comes after.
  await expectRecordedOnce(db.path, addReactionTruth(truthOf(fake, channels), burst.reactions));
  const before = counts(recordedIn(db.path));

  // A second better-sqlite3 connection (a CLI import, a backup tool) takes the write lock and keeps it.
  db.sqlite.prepare('BEGIN IMMEDIATE').run();
  try {
    db.sqlite.prepare(`UPDATE guilds SET name = name WHERE id = ?`).run(guild.id);
    burst.play(200);
    // SQLite's own wait (the busy timeout) ran out and the writer now waits for the lock: it says so meanwhile.
    await bot.waitForLog('database is busy; ingest batch waiting for the lock');
    // Nothing of the burst could be committed while the lock was held.
    expect(counts(recordedIn(db.path))).toEqual(before);
  } finally {
    db.sqlite.prepare('COMMIT').run();
  }
  burst.play(50);

  await expectRecordedOnce(db.path, addReactionTruth(truthOf(fake, channels), burst.reactions), 60_000);
  // The waiting batch got through once the lock was gone, and said how long it had waited.
  expect(bot.logCount('database was busy; ingest batch waited')).toBeGreaterThan(0);
  world.expectNoFaults();
}, 300_000);

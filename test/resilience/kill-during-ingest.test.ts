/**
 * GIVEN the bot process recording a burst of activity WHEN it is killed with SIGKILL while events it received are not
 * committed yet, and the burst goes on while it is down THEN, restarted, it catches up (gateway + start-up backfill)
 * and holds every message and reaction the fake Discord holds exactly once, with exactly one ledger row per source
 * event.
 */
import { expect, it } from 'vitest';
import { processWorld } from '../helpers/process-world.js';
import { activityBurst, addReactionTruth, expectRecordedOnce, recordedIn, truthOf, type Recorded } from './world.js';

const world = processWorld();

const counts = (recorded: Recorded) => ({ posts: recorded.posts.length, reactions: recorded.reactions.length, ledger: recorded.ledgerKeys.length });

it('GIVEN a burst of 2,400 events WHEN the bot is killed -9 holding uncommitted events THEN after a restart every event is recorded exactly once', async () => {
  const { fake, db } = world;
  const guild = world.guild('Burst', { channels: ['general', 'art'], members: 16 });
  const channels = Object.values(guild.channels);
  for (const [i, channelId] of channels.entries()) {
    for (let k = 0; k < 20; k++) fake.postMessage({ channelId, authorId: guild.members[(i + k) % guild.members.length]!, content: `history ${k}`, at: Date.now() - (k + 1) * 60_000 });
  }
  const burst = activityBurst(fake, channels, guild.members, 42);

  const bot = world.startBot();
  await bot.waitForLog('guild synced');
  // A quarter of the burst is recorded and committed.
  burst.play(600);
  await expectRecordedOnce(db.path, addReactionTruth(truthOf(fake, channels), burst.reactions));
  const committed = counts(recordedIn(db.path));

  // The next quarter reaches the bot but cannot be committed: another connection holds the write lock, and the
  // bot's batch is waiting for it (it says so) when the kill comes. What it held in memory is lost with it.
  db.sqlite.prepare('BEGIN IMMEDIATE').run();
  try {
    burst.play(600);
    await bot.waitForLog('database is busy; ingest batch waiting for the lock');
    await bot.kill9();
  } finally {
    db.sqlite.prepare('ROLLBACK').run();
  }
  expect(counts(recordedIn(db.path))).toEqual(committed);
  // The other half happens while the bot is down: only the start-up backfill can bring it in, with the lost quarter.
  burst.play(1_200);

  const restarted = world.startBot();
  await restarted.waitForLog('guild synced');
  await expectRecordedOnce(db.path, addReactionTruth(truthOf(fake, channels), burst.reactions), 90_000);
  world.expectNoFaults();
}, 240_000);

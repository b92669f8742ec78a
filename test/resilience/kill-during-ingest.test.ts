/**
 * GIVEN the bot process recording a burst of activity WHEN it is killed with SIGKILL mid-burst and the burst goes on
 * while it is down THEN, restarted, it catches up (gateway + start-up backfill) and holds every message and reaction
 * the fake Discord holds exactly once, with exactly one ledger row per source event.
 */
import { ChannelType } from 'discord-api-types/v10';
import { afterEach, expect, it, vi } from 'vitest';
import type { FakeDiscord } from '../../src/sim/index.js';
import { createTempDb, startFake, type TempDb } from '../helpers/bot-harness.js';
import { BotProcess, errorLines } from './bot-process.js';
import { activityBurst, addReactionTruth, duplicates, recordedIn, truthOf } from './world.js';

const DAY = 86_400_000;
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

it('GIVEN a burst of 2,400 events WHEN the bot is killed -9 mid-burst THEN after a restart every event is recorded exactly once', async () => {
  fake = await startFake();
  db = createTempDb();
  const guildId = fake.createGuild({ name: 'Burst' }).id;
  const channels = ['general', 'art'].map((name) => fake!.createChannel(guildId, { name, type: ChannelType.GuildText }).id);
  // Members joined long ago, so reactions and replies are paid (not denied as a new member's).
  const members = Array.from({ length: 16 }, (_, i) => fake!.addMember(guildId, { username: `m${i}` }, { joinedAt: Date.now() - 60 * DAY }).user.id);
  for (const [i, channelId] of channels.entries()) {
    for (let k = 0; k < 20; k++) fake.postMessage({ channelId, authorId: members[(i + k) % members.length]!, content: `history ${k}`, at: Date.now() - (k + 1) * 60_000 });
  }
  const burst = activityBurst(fake, channels, members, 42);

  bot = BotProcess.start(fake, { databasePath: db.path });
  await bot.waitForLog('guild synced');
  // Half the burst while the bot records it, in chunks so it is mid-write when the kill comes.
  for (let chunk = 0; chunk < 12; chunk++) {
    burst.play(100);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
  await bot.kill9();
  const beforeRestart = recordedIn(db.path);
  // The other half happens while the bot is down: only the start-up backfill can bring it in.
  burst.play(1_200);

  const truth = addReactionTruth(truthOf(fake, channels), burst.reactions);
  // The kill really interrupted work: not everything of the first half was committed (else the test proves little).
  expect(beforeRestart.posts.length).toBeGreaterThan(0);
  expect(beforeRestart.posts.length + beforeRestart.reactions.length).toBeLessThan(truth.posts.size + truth.reactions.size);

  bot = BotProcess.start(fake, { databasePath: db.path });
  await bot.waitForLog('guild synced');
  const recorded = await vi.waitFor(
    () => {
      const now = recordedIn(db!.path);
      expect(now.posts.length).toBe(truth.posts.size);
      expect(now.reactions.length).toBe(truth.reactions.size);
      expect(now.ledgerKeys.length).toBe(truth.ledgerKeys.size);
      return now;
    },
    { timeout: 90_000, interval: 250 },
  );
  expect(new Set(recorded.posts)).toEqual(truth.posts);
  expect(new Set(recorded.reactions)).toEqual(truth.reactions);
  expect(duplicates(recorded.ledgerKeys)).toEqual([]);
  expect(new Set(recorded.ledgerKeys)).toEqual(truth.ledgerKeys);
  expect(fake.specViolations).toEqual([]);
  expect(errorLines(bot.output)).toEqual([]);
}, 240_000);

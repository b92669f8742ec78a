/**
 * GIVEN the bot process connected to the gateway WHEN the fake drops the WebSocket (a resumable close) and activity
 * happens during the gap THEN the bot RESUMEs (no new IDENTIFY), the missed events are replayed and recorded, and
 * events delivered a second time (at-least-once delivery) change nothing: nothing lost, nothing doubled.
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

it('GIVEN a dropped gateway connection THEN the bot resumes, events of the gap are replayed, and nothing is doubled', async () => {
  fake = await startFake();
  db = createTempDb();
  const f = fake;
  const guildId = f.createGuild({ name: 'Resume' }).id;
  const channels = ['general', 'art'].map((name) => f.createChannel(guildId, { name, type: ChannelType.GuildText }).id);
  const members = Array.from({ length: 10 }, (_, i) => f.addMember(guildId, { username: `m${i}` }, { joinedAt: Date.now() - 60 * DAY }).user.id);
  const burst = activityBurst(f, channels, members, 7);

  bot = BotProcess.start(f, { databasePath: db.path });
  await bot.waitForLog('guild synced');
  burst.play(200);
  const identifies = f.sessions().length;

  const resumed = f.waitForResume(60_000);
  const sequence = () => f.sessions()[0]?.lastSequence ?? 0;
  const beforeGap = sequence();
  f.dropConnections({ resumable: true });
  // Dispatched while no socket is open: only the session's replay on RESUME can deliver these.
  burst.play(300);
  const inGap = sequence() - beforeGap;
  const { replayed } = await resumed;
  expect(inGap).toBeGreaterThan(250);
  expect(replayed).toBe(inGap);
  // Discord may deliver events again after a resume; the last 150 arrive twice.
  expect(f.redeliverRecent(150)).toBe(150);
  burst.play(100);

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
  // One session throughout: resumed, never re-identified, and the bot logged the resume.
  expect(f.sessions()).toHaveLength(identifies);
  expect(bot.logCount('gateway session resumed')).toBe(1);
  expect(f.specViolations).toEqual([]);
  expect(errorLines(bot.output)).toEqual([]);
}, 300_000);

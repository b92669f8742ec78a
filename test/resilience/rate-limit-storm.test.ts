/**
 * GIVEN a storm of 429s (a third of all REST calls, a fifth of those global) WHEN the bot restarts into it with
 * history to backfill, a day's digests to deliver and commands to answer THEN all of that work completes, once:
 * every missed message and reaction recorded, one DM per member, one community digest, one answer and one ledger
 * row per command.
 */
import { ApplicationCommandOptionType, ChannelType } from 'discord-api-types/v10';
import { afterEach, expect, it, vi } from 'vitest';
import type { FakeDiscord, InteractionHandle } from '../../src/sim/index.js';
import { createTempDb, registerCommandsIn, startFake, type TempDb } from '../helpers/bot-harness.js';
import { BotProcess, errorLines } from './bot-process.js';
import { activityBurst, addReactionTruth, duplicates, query, recordedIn, truthOf } from './world.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let fake: FakeDiscord | null = null;
let db: TempDb | null = null;
let bot: BotProcess | null = null;

afterEach(async () => {
  fake?.stopRateLimitStorm();
  await bot?.stop();
  bot = null;
  await fake?.stop();
  fake = null;
  db?.dispose();
  db = null;
});

it('GIVEN a 429 storm THEN backfill, digest DMs and command replies all complete exactly once', async () => {
  fake = await startFake();
  db = createTempDb();
  const f = fake;
  const now = Date.now();
  const guild = f.createGuild({ name: 'Storm' });
  const guildId = guild.id;
  const general = f.createChannel(guildId, { name: 'general', type: ChannelType.GuildText }).id;
  const art = f.createChannel(guildId, { name: 'art', type: ChannelType.GuildText }).id;
  const digestChannel = f.createChannel(guildId, { name: 'digest', type: ChannelType.GuildText }).id;
  const joinedAt = now - 60 * DAY;
  const authors = ['ann', 'ben', 'cat', 'dan'].map((username) => f.addMember(guildId, { username }, { joinedAt }).user.id);
  const readers = Array.from({ length: 8 }, (_, i) => f.addMember(guildId, { username: `reader${i}` }, { joinedAt }).user.id);
  authors.forEach((author, a) => {
    for (let k = 0; k < 3; k++) f.postMessage({ channelId: general, authorId: author, content: `post ${a}.${k}`, at: now - (2 + a * 3 + k) * HOUR });
  });
  for (const reader of readers) f.postMessage({ channelId: general, authorId: reader, content: 'hello', at: now - 40 * HOUR });

  // The burst reacts to posts up to 40 hours old; the start-up backfill re-reads reactions only within
  // BACKFILL_REFRESH_HOURS, so the window covers them (older posts' reactions made offline are out of its reach).
  const env = { DIGEST_TICK_CRON: '*/2 * * * * *', BACKFILL_REFRESH_HOURS: '48' };
  bot = BotProcess.start(f, { databasePath: db.path, env });
  await bot.waitForLog('guild synced');
  await registerCommandsIn(f, guildId);
  const slash = (userId: string, name: string, sub: string, options: { type: ApplicationCommandOptionType; name: string; value: string | number }[]) =>
    f.invokeSlashCommand({ guildId, channelId: general, userId, name, options: [{ type: ApplicationCommandOptionType.Subcommand, name: sub, options } as never] });
  const setup = await slash(guild.owner_id, 'digest', 'setup', [
    { type: ApplicationCommandOptionType.Channel, name: 'channel', value: digestChannel },
    { type: ApplicationCommandOptionType.Integer, name: 'hour', value: 0 },
    { type: ApplicationCommandOptionType.String, name: 'timezone', value: 'UTC' },
    { type: ApplicationCommandOptionType.Integer, name: 'size', value: 3 },
  ]).firstResponse(20_000);
  expect(setup.content).toMatch(/daily digest goes to/);
  for (const reader of readers) {
    const mode = await slash(reader, 'digest', 'mode', [{ type: ApplicationCommandOptionType.String, name: 'mode', value: 'dm' }]).firstResponse(20_000);
    expect(mode.content).toMatch(/direct message/);
  }
  expect(await bot.stop()).toBe(0);

  // While the bot is down: activity only the start-up backfill can bring in, and today's digest falls due.
  const burst = activityBurst(f, [general, art], [...authors, ...readers], 5);
  burst.play(400);
  db.sqlite.prepare('UPDATE digest_settings SET last_run_day = NULL').run();

  f.startRateLimitStorm({ share: 0.33, globalShare: 0.2, retryAfterSeconds: 0.05, seed: 2026 });
  bot = BotProcess.start(f, { databasePath: db.path, env });
  await bot.waitForLog('connected to Discord');
  // Moderators adjust points during the storm: each is one interaction and must be answered and booked once.
  const adjustments: InteractionHandle[] = authors.map((memberId, i) =>
    slash(guild.owner_id, 'points', 'adjust', [
      { type: ApplicationCommandOptionType.User, name: 'member', value: memberId },
      { type: ApplicationCommandOptionType.Integer, name: 'delta', value: 10 + i },
      { type: ApplicationCommandOptionType.String, name: 'reason', value: 'storm bonus' },
    ]),
  );
  for (const handle of adjustments) await handle.firstResponse(60_000);

  const truth = addReactionTruth(truthOf(f, [general, art]), burst.reactions);
  await vi.waitFor(
    () => {
      expect(query(db!.path, `SELECT status FROM digest_runs`)).toEqual([{ status: 'done' }]);
      const recorded = recordedIn(db!.path);
      expect(recorded.posts.length).toBe(truth.posts.size);
      expect(recorded.reactions.length).toBe(truth.reactions.size);
      expect(recorded.ledgerKeys.length).toBe(truth.ledgerKeys.size);
    },
    { timeout: 120_000, interval: 250 },
  );
  f.stopRateLimitStorm();
  // The storm was real: many requests were refused, some of them globally.
  expect(f.rateLimitedCount).toBeGreaterThan(20);

  const recorded = recordedIn(db.path);
  expect(new Set(recorded.posts)).toEqual(truth.posts);
  expect(new Set(recorded.reactions)).toEqual(truth.reactions);
  expect(duplicates(recorded.ledgerKeys)).toEqual([]);
  expect(new Set(recorded.ledgerKeys)).toEqual(truth.ledgerKeys);

  const botDms = (memberId: string) => {
    const channel = f.dmChannelWith(memberId);
    return channel ? f.messages(channel.id).filter((m) => m.author.id === f.botUserId) : [];
  };
  for (const reader of readers) expect(botDms(reader), reader).toHaveLength(1);
  expect(f.messages(digestChannel).filter((m) => m.author.id === f.botUserId)).toHaveLength(1);

  for (const handle of adjustments) {
    expect(handle.responses.filter((r) => r.kind === 'callback' && r.accepted)).toHaveLength(1);
  }
  const adjusted = query<{ memberId: string; delta: number }>(
    db.path,
    `SELECT member_id AS memberId, delta FROM points_ledger WHERE reason = 'adjustment' ORDER BY delta`,
  );
  expect(adjusted).toEqual(authors.map((memberId, i) => ({ memberId, delta: 10 + i })));
  expect(f.specViolations).toEqual([]);
  expect(errorLines(bot.output)).toEqual([]);
}, 300_000);

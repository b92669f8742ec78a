/**
 * GIVEN a storm of 429s (a third of all REST calls, a fifth of those global) WHEN the bot restarts into it with
 * history to backfill, a day's digests to deliver and commands to answer THEN all of that work completes, once:
 * every missed message and reaction recorded, one DM per member, one community digest, one answer and one ledger
 * row per command.
 */
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { expect, it } from 'vitest';
import { botPostsIn, digestCommunity, dmsFromBot, makeTodaysDigestDue, setUpDmDigests, subcommand } from '../helpers/digest.js';
import { eventually } from '../helpers/eventually.js';
import { rows } from '../helpers/rows.js';
import { processWorld } from '../helpers/process-world.js';
import { activityBurst, addReactionTruth, expectRecordedOnce, recordedIn, truthOf } from './world.js';

const DAY = 86_400_000;
const world = processWorld();

it('GIVEN a 429 storm THEN backfill, digest DMs and command replies all complete exactly once', async () => {
  const { fake, db } = world;
  const guild = world.guild('Storm', { channels: ['general', 'art', 'digest'], members: [] });
  const { general, art, digest: digestChannel } = guild.channels as { general: string; art: string; digest: string };
  const { authors, readers } = digestCommunity(fake, guild.id, general, { readers: 8, postsPerAuthor: 3, reactions: false, joinedAt: Date.now() - 60 * DAY });

  // The burst reacts to posts up to 40 hours old; the start-up backfill re-reads reactions only within
  // BACKFILL_REFRESH_HOURS, so the window covers them (older posts' reactions made offline are out of its reach).
  const env = { DIGEST_TICK_CRON: '*/2 * * * * *', BACKFILL_REFRESH_HOURS: '48' };
  const first = world.startBot(env);
  await first.waitForLog('guild synced');
  const where = { guildId: guild.id, channelId: general };
  await setUpDmDigests(fake, where, guild.ownerId, digestChannel, readers);
  expect(await first.stop()).toBe(0);

  // While the bot is down: activity only the start-up backfill can bring in, and today's digest falls due.
  const burst = activityBurst(fake, [general, art], [...authors, ...readers], 5);
  burst.play(400);
  makeTodaysDigestDue(db);

  fake.startRateLimitStorm({ share: 0.33, globalShare: 0.2, retryAfterSeconds: 0.05, seed: 2026 });
  const bot = world.startBot(env);
  await bot.waitForLog('connected to Discord');
  // Moderators adjust points during the storm: each is one interaction and must be answered and booked once.
  const adjustments = authors.map((memberId, i) =>
    subcommand(fake, where, guild.ownerId, 'points-admin', 'adjust', [
      { type: ApplicationCommandOptionType.User, name: 'member', value: memberId },
      { type: ApplicationCommandOptionType.Integer, name: 'delta', value: 10 + i },
      { type: ApplicationCommandOptionType.String, name: 'reason', value: 'storm bonus' },
    ]),
  );
  for (const handle of adjustments) await handle.firstResponse(60_000);

  const truth = addReactionTruth(truthOf(fake, [general, art]), burst.reactions);
  await eventually(
    () => {
      expect(rows(db.path, `SELECT status FROM digest_runs`)).toEqual([{ status: 'done' }]);
      expect(recordedIn(db.path).posts.length).toBe(truth.posts.size);
    },
    { timeout: 120_000, interval: 250 },
  );
  await expectRecordedOnce(db.path, truth, 120_000);
  fake.stopRateLimitStorm();
  // The storm was real: many requests were refused, some of them globally.
  expect(fake.rateLimitedCount).toBeGreaterThan(20);

  for (const reader of readers) expect(dmsFromBot(fake, reader), reader).toHaveLength(1);
  expect(botPostsIn(fake, digestChannel)).toHaveLength(1);

  for (const handle of adjustments) {
    expect(handle.responses.filter((r) => r.kind === 'callback' && r.accepted)).toHaveLength(1);
  }
  const adjusted = rows<{ memberId: string; delta: number }>(
    db.path,
    `SELECT member_id AS memberId, delta FROM points_ledger WHERE reason = 'adjustment' ORDER BY delta`,
  );
  expect(adjusted).toEqual(authors.map((memberId, i) => ({ memberId, delta: 10 + i })));
  world.expectNoFaults();
}, 300_000);

/**
 * Stored digest items are re-checked when they are sent, against everything that matters for privacy and moderation,
 * not only when they were composed. GIVEN a day's digests composed THEN a post a moderator confirmed low quality
 * since, or whose author opted out since, is left out of:
 * - "Show my picks" pressed again (the stored personal digest),
 * - a DM digest sent after the change (the DM sender renders at send time, first attempt or retry),
 * - the community digest rendered again (a later pass after a failed one);
 * and a DM digest composed before its member turned DMs off is not sent.
 * And GIVEN "Show my picks" pressed many times THEN the presses are counted in one row per member and day, and a
 * button for a day without a digest stores nothing.
 */
import { MessageFlags } from 'discord-api-types/v10';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import { drizzleOf } from '../../src/db/connection.js';
import { DigestDeliveries } from '../../src/digest/digest-deliveries.js';
import { discordChannelAccess } from '../../src/discord/channel-access.js';
import { ThreadRosters } from '../../src/discord/thread-rosters.js';
import { silentLogger } from '../../src/ops/log.js';
import { databaseThreadPrivacy } from '../../src/recommend/db-thread-privacy.js';
import { SimulatedScheduler } from '../../src/tasks/simulated-scheduler.js';
import type { FakeDiscord, RecordedRequest } from '../../src/sim/index.js';
import { registerCommandsIn, rows } from '../helpers/bot-harness.js';
import { botWorld } from '../helpers/bot-world.js';
import { botPostsIn, chooseDmDigest, digestCommunity, digestSetup, dmsFromBot, makeTodaysDigestDue, subcommand } from '../helpers/digest.js';
import { linkedPostIds } from '../recommend/scene.js';
import { popularityRanker } from '../helpers/rankers.js';

describe('send-time filters', () => {
  const world = botWorld();
  let fake: FakeDiscord;
  let bot: RunningBot;
  let guildId: string;
  let general: string;
  let digestChannel: string;
  let authors: string[];
  let readers: string[];
  const clock = Date.now();

  beforeEach(async () => {
    fake = world.fake;
    guildId = fake.createGuild({ name: 'Send-time Guild' }).id;
    general = fake.createChannel(guildId, { name: 'general', type: 0 }).id;
    digestChannel = fake.createChannel(guildId, { name: 'digest', type: 0 }).id;
    ({ authors, readers } = digestCommunity(fake, guildId, general, { readers: 3, now: clock }));
    bot = await world.start({ now: () => clock, scheduler: new SimulatedScheduler(clock), recommend: { loadRanker: popularityRanker, refreshMs: null } });
    await registerCommandsIn(fake, guildId);
    expect((await digestSetup(fake, { guildId, channelId: general }, owner(), digestChannel, 5).firstResponse()).content).toMatch(/daily digest goes to/);
    makeTodaysDigestDue(bot.database);
  });

  const owner = () => fake.guild(guildId)?.owner_id as string;
  const authorOf = (postId: string) => rows<{ a: string }>(bot, 'SELECT author_id AS a FROM posts WHERE id = ?', postId)[0]?.a as string;

  /** A moderator confirms the post low quality (it is demoted). */
  function demote(postId: string) {
    const at = clock;
    bot.moderation.flag({ guildId, postId, reporterId: owner(), source: 'moderator', at });
    expect(bot.moderation.confirm(guildId, postId, owner(), at)).toBe('resolved');
  }

  async function optOut(memberId: string) {
    const handle = fake.invokeSlashCommand({ guildId, channelId: general, userId: memberId, name: 'privacy', options: [{ type: ApplicationCommandOptionType.Subcommand, name: 'optout', options: [] }] });
    expect((await handle.firstResponse()).content).toMatch(/no longer records your activity/);
  }

  /** The day's demoted and opted-out changes: the first item is demoted, the second's author opts out. */
  async function changeTheWorld(items: string[]): Promise<{ demoted: string; optedOutAuthor: string }> {
    const [first, second] = items as [string, string];
    const optedOutAuthor = authorOf(second);
    expect(authorOf(first)).not.toBe(optedOutAuthor);
    demote(first);
    await optOut(optedOutAuthor);
    return { demoted: first, optedOutAuthor };
  }

  const expectNoneOf = (shown: string[], change: { demoted: string; optedOutAuthor: string }) => {
    expect(shown).not.toContain(change.demoted);
    for (const id of shown) expect(authorOf(id)).not.toBe(change.optedOutAuthor);
  };

  function picksButton() {
    const community = botPostsIn(fake, digestChannel)[0];
    const customId = JSON.stringify(community?.components).match(/"custom_id":"(dpk:[^"]+)"/)?.[1] as string;
    return (userId: string) => fake.clickButton({ guildId, channelId: digestChannel, userId, messageId: community?.id as string, customId }).firstResponse();
  }

  it('GIVEN "Show my picks" pressed again after a demotion and an opt-out THEN neither post is shown; presses are one row per day', async () => {
    await bot.tasks.run('digest');
    const press = picksButton();
    const reader = readers[0] as string;
    const first = await press(reader);
    expect(first.flags).toBe(MessageFlags.Ephemeral);
    const shown = linkedPostIds(first.body);
    expect(shown.length).toBeGreaterThanOrEqual(2);
    // Items come from authors that differ pairwise often enough: pick two of different authors.
    const pair = [shown[0] as string, shown.find((id) => authorOf(id) !== authorOf(shown[0] as string)) as string];
    const change = await changeTheWorld(pair);

    const again = linkedPostIds((await press(reader)).body);
    expect(again.length).toBeGreaterThan(0);
    expectNoneOf(again, change);
    // The stored digest is unchanged; what is shown is decided at each press.
    expect(rows<{ items: string }>(bot, 'SELECT items FROM member_digests WHERE member_id = ?', reader)[0]?.items).toContain(change.demoted);

    for (let i = 0; i < 5; i++) await press(reader);
    expect(rows(bot, 'SELECT presses FROM digest_picks_presses WHERE member_id = ?', reader)).toEqual([{ presses: 7 }]);
    // Picks for a day without a digest (no button was ever sent for it) compose and store nothing.
    expect(await bot.services.digest.picks(guildId, reader, '2020-01-01')).toBe('no-digest');
    expect(rows(bot, `SELECT day FROM member_digests WHERE day = '2020-01-01' UNION ALL SELECT day FROM digest_picks_presses WHERE day = '2020-01-01'`)).toEqual([]);
  }, 60_000);

  it('GIVEN a DM digest sent after a demotion and an opt-out THEN it leaves both posts out; so does the community digest rendered again', async () => {
    const [, reader, changedMind] = readers as [string, string, string];
    for (const member of [reader, changedMind]) {
      expect((await chooseDmDigest(fake, { guildId, channelId: general }, member).firstResponse()).content).toMatch(/direct message/);
    }
    // The community post is the pass's first message: its answer is held while the world changes, then released.
    const isCommunityPost = (r: RecordedRequest) => r.method === 'POST' && r.path === `/channels/${digestChannel}/messages`;
    fake.withholdResponses(isCommunityPost);
    const tick = bot.tasks.run('digest');
    await fake.waitForRequest(isCommunityPost, 30_000);
    const composed = JSON.parse(rows<{ items: string }>(bot, 'SELECT items FROM member_digests WHERE member_id = ?', reader)[0]?.items as string) as { postId: string; authorId: string }[];
    const ids = composed.map((item) => item.postId);
    const pair = [ids[0] as string, ids.find((id) => authorOf(id) !== authorOf(ids[0] as string)) as string];
    const change = await changeTheWorld(pair);
    // The other member turns DMs off after their digest was composed: it is not sent.
    expect(rows(bot, 'SELECT member_id FROM member_digests WHERE member_id = ?', changedMind)).toHaveLength(1);
    const off = subcommand(fake, { guildId, channelId: general }, changedMind, 'digest', 'mode', [{ type: ApplicationCommandOptionType.String, name: 'mode', value: 'off' }]);
    expect((await off.firstResponse()).content).toMatch(/no digest/);
    fake.withholdResponses(null);
    expect(fake.releaseWithheld()).toBe(1);
    await tick;
    expect(dmsFromBot(fake, changedMind)).toEqual([]);
    expect(rows(bot, 'SELECT status FROM delivery_outbox WHERE user_id = ?', changedMind)).toEqual([{ status: 'skipped' }]);

    const dm = dmsFromBot(fake, reader);
    expect(dm).toHaveLength(1);
    const inDm = linkedPostIds(dm[0]?.embeds);
    expect(inDm.length).toBeGreaterThan(0);
    expectNoneOf(inDm, change);

    // The community digest as a later pass would render it now.
    const day = rows<{ day: string }>(bot, 'SELECT day FROM digest_runs')[0]?.day as string;
    const deliveries = new DigestDeliveries({
      sqlite: bot.database.sqlite,
      db: drizzleOf(bot.database.sqlite),
      access: discordChannelAccess(bot.client, {
        threadPrivacy: databaseThreadPrivacy(bot.database.sqlite),
        rosters: new ThreadRosters(bot.client, { log: silentLogger, now: () => clock }),
      }),
      recommend: bot.services.recommend,
      now: () => clock,
    });
    const community = await deliveries.community(guildId, day, digestChannel);
    expect(community).not.toBeNull();
    const stored = JSON.parse(rows<{ items: string }>(bot, 'SELECT items FROM digest_runs')[0]?.items as string) as { postId: string }[];
    expect(community!.length).toBeLessThanOrEqual(stored.length);
    expectNoneOf(community!.map((item) => item.postId), change);
    expect(authors.length).toBe(4);
  }, 60_000);
});

/**
 * GIVEN the real bot, the fake Discord and a guild whose digest is due, THEN each digest tick delivers exactly one
 * personal DM per opted-in member and day (through 429s mid-batch and a stop mid-batch), falls back to the picks
 * button on 50007, re-checks permissions at send time, and never repeats an item across days.
 */
import { ApplicationCommandOptionType, MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import { SimulatedScheduler } from '../../src/tasks/simulated-scheduler.js';
import type { FakeDiscord, RecordedRequest } from '../../src/sim/index.js';
import { eventually, registerCommandsIn, rows, type TempDb } from '../helpers/bot-harness.js';
import { botWorld } from '../helpers/bot-world.js';
import { botPostsIn, chooseDmDigest, digestCommunity, digestSetup, dmsFromBot, makeTodaysDigestDue, subcommand } from '../helpers/digest.js';
import { linkedPostIds } from '../recommend/scene.js';
import { popularityRanker } from '../helpers/rankers.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const READ = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory;
/** A scheduler that is never advanced: the digest task runs only when a test runs it. */
const manualScheduler = () => new SimulatedScheduler(Date.now());

/** Resolves once the bot's task runner refuses new runs, i.e. its stop has begun (it then waits for the send in flight). */
async function digestStopBegun(running: RunningBot): Promise<void> {
  await eventually(async () => {
    // A refused tick resolves at once (before the next turn of the event loop); one joined to the running tick waits.
    const refused = await Promise.race([
      running.tasks.run('digest').then(() => true),
      new Promise<boolean>((resolve) => setImmediate(() => resolve(false))),
    ]);
    expect(refused).toBe(true);
  });
}

describe('daily digests', () => {
  const world = botWorld();
  let fake: FakeDiscord;
  let db: TempDb;
  let bot: RunningBot | null = null;
  let guildId: string;
  let general: string;
  let digestChannel: string;
  let authors: string[];
  let readers: string[];
  let clock: number;

  beforeEach(async () => {
    clock = Date.now();
    fake = world.fake;
    db = world.db;
    guildId = fake.createGuild({ name: 'Digest Guild' }).id;
    general = fake.createChannel(guildId, { name: 'general', type: 0 }).id;
    digestChannel = fake.createChannel(guildId, { name: 'digest', type: 0 }).id;
    // 16 posts over the last two days, with reactions from the authors (popularity) and one post per reader (activity).
    ({ authors, readers } = digestCommunity(fake, guildId, general, { readers: 8, now: clock }));
  });

  const where = () => ({ guildId, channelId: general });
  const ownerId = () => fake.guild(guildId)?.owner_id as string;

  async function start() {
    bot = await world.start({ now: () => clock, scheduler: manualScheduler(), recommend: { loadRanker: popularityRanker } });
    await registerCommandsIn(fake, guildId);
    return bot;
  }

  async function setUp(running: RunningBot, size = 3) {
    expect((await digestSetup(fake, where(), ownerId(), digestChannel, size).firstResponse()).content).toMatch(/daily digest goes to/);
    makeTodaysDigestDue(running.database);
  }

  async function chooseDm(memberId: string) {
    expect((await chooseDmDigest(fake, where(), memberId).firstResponse()).content).toMatch(/direct message/);
  }

  /**
   * Readers in delivery order (member id order), with their DM channels opened up front so every request can be told
   * apart: `target(request)` is the index of the reader a DM request goes to, `'community'` for the community post.
   */
  function deliveryOrder() {
    const order = [...readers].sort();
    const channels = new Map(order.map((id, i) => [fake.openDmChannel(id).id, i]));
    const target = (request: RecordedRequest): number | 'community' | undefined => {
      if (request.method !== 'POST' || request.route !== '/channels/{channel_id}/messages') return undefined;
      const channelId = request.path.split('/')[2] ?? '';
      return channelId === digestChannel ? 'community' : channels.get(channelId);
    };
    const dmPosts = () => fake.requests.filter((request) => typeof target(request) === 'number');
    return { order, target, dmPosts, channelOf: (i: number) => fake.dmChannelWith(order[i]!)!.id };
  }

  it('GIVEN an invalid time zone THEN setup is refused with a clear message and nothing is saved', async () => {
    const running = await start();
    const response = await subcommand(fake, where(), ownerId(), 'settings', 'digest', [
      { type: ApplicationCommandOptionType.Channel, name: 'channel', value: digestChannel },
      { type: ApplicationCommandOptionType.Integer, name: 'hour', value: 8 },
      { type: ApplicationCommandOptionType.String, name: 'timezone', value: 'Mars/Olympus_Mons' },
    ]).firstResponse();
    expect(response.flags).toBe(MessageFlags.Ephemeral);
    expect(response.content).toMatch(/`timezone`.*IANA/);
    expect(rows(running, 'SELECT * FROM digest_settings')).toEqual([]);
    expect(rows(running, 'SELECT * FROM guild_settings')).toEqual([]);
  });

  it('GIVEN 429s on DMs in the middle of the batch THEN each is waited out, every member gets exactly one DM and the community digest is posted once', async () => {
    const running = await start();
    await setUp(running);
    for (const reader of readers) await chooseDm(reader);
    const { order, target, channelOf } = deliveryOrder();
    // The third, fourth and fifth DMs are each refused twice with a 429 on their own route.
    for (const i of [2, 3, 4]) fake.injectRateLimit({ method: 'POST', route: `/channels/${channelOf(i)}/messages`, times: 2, retryAfterSeconds: 0.1 });
    await running.tasks.run('digest');

    // The 429s landed where intended: after the community post and two DMs went through, on those three DMs only,
    // each retried until it went through, and the batch went on in order.
    const sends = fake.requests.flatMap((request) => {
      const to = target(request);
      return to === undefined ? [] : [`${to === 'community' ? 'community' : `dm${to}`}:${request.status}`];
    });
    expect(sends).toEqual([
      'community:200',
      'dm0:200',
      'dm1:200',
      ...[2, 3, 4].flatMap((i) => [`dm${i}:429`, `dm${i}:429`, `dm${i}:200`]),
      'dm5:200',
      'dm6:200',
      'dm7:200',
    ]);
    expect(fake.rateLimitedCount).toBe(6);
    for (const reader of order) expect(dmsFromBot(fake, reader), reader).toHaveLength(1);
    const community = botPostsIn(fake, digestChannel);
    expect(community).toHaveLength(1);
    expect(JSON.stringify(community[0]?.components)).toContain('dpk:');
    expect(rows(running, `SELECT status, COUNT(*) AS n FROM delivery_outbox WHERE kind = 'dm' GROUP BY status`)).toEqual([{ status: 'sent', n: readers.length }]);
    expect(rows(running, `SELECT status FROM delivery_outbox WHERE kind = 'community'`)).toEqual([{ status: 'sent' }]);
    // A second tick the same day changes nothing.
    await running.tasks.run('digest');
    for (const reader of readers) expect(dmsFromBot(fake, reader)).toHaveLength(1);
    expect(rows(running, 'SELECT COUNT(*) AS n FROM digest_runs')).toEqual([{ n: 1 }]);
  }, 30_000);

  it('GIVEN a stop while a DM is in flight THEN after the restart every member has exactly one digest, the interrupted DM resent with its nonce', async () => {
    let running = await start();
    await setUp(running);
    for (const reader of readers) await chooseDm(reader);
    const { order, target, dmPosts } = deliveryOrder();
    // Discord acts on the third DM, but its answer is held; the bot is told to stop while it waits for it.
    fake.withholdResponses((request) => typeof target(request) === 'number' && dmPosts().length === 3);
    const tick = running.tasks.run('digest');
    const held = await fake.waitForRequest((request) => dmPosts()[2] === request, 30_000);
    const stopped = running.stop();
    await digestStopBegun(running);
    // The connection drops before the answer arrives: the DM exists on Discord, the bot never learns its fate.
    fake.withholdResponses(null);
    expect(fake.cutWithheld()).toBe(1);
    await tick;
    await stopped;
    bot = null;

    // After the stop: two DMs delivered and committed; the third on Discord but not known as sent; five never sent.
    expect(target(held)).toBe(2);
    expect(order.map((id) => dmsFromBot(fake, id).length)).toEqual([1, 1, 1, 0, 0, 0, 0, 0]);
    expect(rows(db, `SELECT user_id AS memberId, status, attempts FROM delivery_outbox WHERE kind = 'dm' ORDER BY user_id`)).toEqual(
      order.map((memberId, i) => ({ memberId, status: i < 2 ? 'sent' : 'pending', attempts: i < 3 ? 1 : 0 })),
    );

    bot = running = await world.start({ now: () => clock, scheduler: manualScheduler(), recommend: { loadRanker: popularityRanker } });
    await running.tasks.run('digest');
    for (const reader of order) expect(dmsFromBot(fake, reader), reader).toHaveLength(1);
    expect(rows(running, `SELECT user_id AS memberId, status, message_id AS messageId FROM delivery_outbox WHERE kind = 'dm' ORDER BY user_id`)).toEqual(
      order.map((memberId) => ({ memberId, status: 'sent', messageId: dmsFromBot(fake, memberId)[0]?.id })),
    );
    // The interrupted DM went out twice with the same nonce and enforce_nonce: Discord's de-duplication answered the
    // resend with the message it already had, so the member has one DM and the outbox its id.
    const victimPosts = fake.requests.filter((request) => target(request) === 2);
    expect(victimPosts).toHaveLength(2);
    expect(victimPosts.map((r) => (r.body as { enforce_nonce?: boolean }).enforce_nonce)).toEqual([true, true]);
    expect(new Set(victimPosts.map((r) => (r.body as { nonce?: string }).nonce)).size).toBe(1);
    // Every other member's DM was sent once.
    expect(dmPosts()).toHaveLength(readers.length + 1);
    expect(botPostsIn(fake, digestChannel)).toHaveLength(1);
  }, 60_000);

  it('GIVEN a member whose DMs are closed THEN the DM is marked closed and "Show my picks" shows the same digest', async () => {
    const running = await start();
    await setUp(running);
    const [closed, open] = readers as [string, string];
    await chooseDm(closed);
    await chooseDm(open);
    fake.setDmsClosed(closed, true);
    await running.tasks.run('digest');
    expect(dmsFromBot(fake, open)).toHaveLength(1);
    expect(dmsFromBot(fake, closed)).toHaveLength(0);
    expect(rows(running, 'SELECT status FROM delivery_outbox WHERE user_id = ?', closed)).toEqual([{ status: 'dm_closed' }]);
    expect(rows<{ closedAt: number | null }>(running, 'SELECT dm_closed_at AS closedAt FROM digest_preferences WHERE member_id = ?', closed)[0]?.closedAt).not.toBeNull();

    const community = botPostsIn(fake, digestChannel)[0];
    const buttonId = JSON.stringify(community?.components).match(/"custom_id":"(dpk:[^"]+)"/)?.[1] as string;
    const press = fake.clickButton({ guildId, channelId: digestChannel, userId: closed, messageId: community?.id as string, customId: buttonId });
    const picks = await press.firstResponse();
    expect(picks.flags).toBe(MessageFlags.Ephemeral);
    const stored = JSON.parse(rows<{ items: string }>(running, 'SELECT items FROM member_digests WHERE member_id = ?', closed)[0]?.items as string) as { postId: string }[];
    expect(new Set(linkedPostIds(picks.body))).toEqual(new Set(stored.map((i) => i.postId)));
    expect(rows(running, 'SELECT COUNT(*) AS n FROM digest_picks_presses WHERE member_id = ?', closed)).toEqual([{ n: 1 }]);
    expect(rows(running, `SELECT COUNT(*) AS n FROM recommendation_impressions WHERE member_id = ? AND surface = 'digest_picks'`, closed)).toEqual([{ n: stored.length }]);
  }, 30_000);

  it('GIVEN channel access revoked between compose and send THEN the DM leaves that channel\'s posts out', async () => {
    const hidden = fake.createChannel(guildId, { name: 'members-only', type: 0 }).id;
    const [first, second] = readers as [string, string];
    const star = fake.postMessage({ channelId: hidden, authorId: authors[0] as string, content: 'star post', at: clock - HOUR }).id;
    for (const a of authors.slice(1)) fake.addReaction(hidden, star, a, '🔥');
    const running = await start();
    await setUp(running, 10);
    await chooseDm(first);
    await chooseDm(second);
    // The community post is the first message request: its answer is held while access is revoked, then sent.
    const isCommunityPost = (r: RecordedRequest) => r.method === 'POST' && r.path === `/channels/${digestChannel}/messages`;
    fake.withholdResponses(isCommunityPost);
    const tick = running.tasks.run('digest');
    await fake.waitForRequest(isCommunityPost, 30_000);
    const composed = rows<{ items: string }>(running, 'SELECT items FROM member_digests WHERE member_id = ?', second);
    expect(composed[0]?.items).toContain(star);
    fake.updateChannel(hidden, {
      permissionOverwrites: [
        { id: second, type: 'member', deny: PermissionFlagsBits.ViewChannel },
        { id: fake.botUserId, type: 'member', allow: READ },
      ],
    });
    fake.withholdResponses(null);
    expect(fake.releaseWithheld()).toBe(1);
    await tick;
    expect(JSON.stringify(dmsFromBot(fake, first)[0])).toContain(star);
    const secondDm = dmsFromBot(fake, second)[0];
    expect(JSON.stringify(secondDm)).not.toContain(star);
    expect(linkedPostIds(secondDm?.embeds).length).toBeGreaterThan(0);
  }, 30_000);

  it('GIVEN two days of digests THEN no item appears twice for a member, and inactive members get no DM', async () => {
    const running = await start();
    await setUp(running, 3);
    const [reader, inactive] = readers as [string, string];
    await chooseDm(reader);
    await chooseDm(inactive);
    running.database.sqlite.prepare(`DELETE FROM posts WHERE author_id = ?`).run(inactive);
    await running.tasks.run('digest');
    const day1 = linkedPostIds(dmsFromBot(fake, reader)[0]?.embeds);
    expect(day1).toHaveLength(3);
    expect(rows(running, 'SELECT * FROM member_digests WHERE member_id = ?', inactive)).toEqual([]);
    expect(rows(running, 'SELECT * FROM delivery_outbox WHERE user_id = ?', inactive)).toEqual([]);

    clock += DAY;
    await running.services.recommend.cache.refresh(guildId);
    await running.tasks.run('digest');
    const dms = dmsFromBot(fake, reader);
    expect(dms).toHaveLength(2);
    const day2 = linkedPostIds(dms[1]?.embeds);
    expect(day2.length).toBeGreaterThan(0);
    for (const id of day2) expect(day1).not.toContain(id);
  }, 30_000);
});

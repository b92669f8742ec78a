/**
 * GIVEN the real bot, the fake Discord and a guild whose digest is due, THEN each digest tick delivers exactly one
 * personal DM per opted-in member and day (through 429 storms and a restart mid-batch), falls back to the picks
 * button on 50007, re-checks permissions at send time, and never repeats an item across days.
 */
import { ApplicationCommandOptionType, MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import { popularityMethod } from '../../src/model/baselines/count-baselines.js';
import type { RankerLoader } from '../../src/recommend/serving/serving-cache.js';
import type { FakeDiscord } from '../../src/sim/index.js';
import { SimulatedScheduler } from '../../src/tasks/simulated-scheduler.js';
import { createTempDb, registerCommandsIn, rows, startFake, startTestBot, type TempDb } from '../helpers/bot-harness.js';
import { linkedPostIds } from '../recommend/scene.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const READ = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory;
const popularity: RankerLoader = async (_sqlite, _guildId, snapshot) => ({ ranker: popularityMethod().bind({}, snapshot), method: 'popularity' });

/** A scheduler that is never advanced: the digest tick runs only when a test runs it. */
const manualScheduler = () => new SimulatedScheduler(Date.now());

describe('daily digests', () => {
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
    fake = await startFake();
    db = createTempDb();
    guildId = fake.createGuild({ name: 'Digest Guild' }).id;
    general = fake.createChannel(guildId, { name: 'general', type: 0 }).id;
    digestChannel = fake.createChannel(guildId, { name: 'digest', type: 0 }).id;
    authors = ['ann', 'ben', 'cat', 'dan'].map((username) => fake.addMember(guildId, { username }).user.id);
    readers = Array.from({ length: 8 }, (_, i) => fake.addMember(guildId, { username: `reader${i}` }).user.id);
    // 16 posts over the last two days, with reactions from the authors (popularity) and one post per reader (activity).
    authors.forEach((author, a) => {
      for (let k = 0; k < 4; k++) {
        const id = fake.postMessage({ channelId: general, authorId: author, content: `post ${a}.${k}`, at: clock - (2 + a * 4 + k) * HOUR }).id;
        for (const other of authors) if (other !== author && (a + k) % 2 === 0) fake.addReaction(general, id, other, '👍');
      }
    });
    for (const reader of readers) fake.postMessage({ channelId: general, authorId: reader, content: 'hello', at: clock - 40 * HOUR });
  });

  afterEach(async () => {
    expect(fake.specViolations).toEqual([]);
    await bot?.stop();
    bot = null;
    await fake.stop();
    db.dispose();
  });

  async function start() {
    bot = await startTestBot(fake, db, { now: () => clock, scheduler: manualScheduler(), recommend: { loadRanker: popularity } });
    await registerCommandsIn(fake, guildId);
    return bot;
  }

  async function setUp(running: RunningBot, size = 3) {
    const ownerId = fake.guild(guildId)?.owner_id as string;
    const handle = fake.invokeSlashCommand({
      guildId,
      channelId: general,
      userId: ownerId,
      name: 'digest',
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'setup',
          options: [
            { type: ApplicationCommandOptionType.Channel, name: 'channel', value: digestChannel },
            { type: ApplicationCommandOptionType.Integer, name: 'hour', value: 0 },
            { type: ApplicationCommandOptionType.String, name: 'timezone', value: 'UTC' },
            { type: ApplicationCommandOptionType.Integer, name: 'size', value: size },
          ],
        },
      ],
    });
    expect((await handle.firstResponse()).content).toMatch(/daily digest goes to/);
    // Hour 0 has passed today, so setup counts today as done; make today due for the test.
    running.database.sqlite.prepare('UPDATE digest_settings SET last_run_day = NULL').run();
  }

  async function chooseDm(memberId: string) {
    const handle = fake.invokeSlashCommand({
      guildId,
      channelId: general,
      userId: memberId,
      name: 'digest',
      options: [{ type: ApplicationCommandOptionType.Subcommand, name: 'mode', options: [{ type: ApplicationCommandOptionType.String, name: 'mode', value: 'dm' }] }],
    });
    expect((await handle.firstResponse()).content).toMatch(/direct message/);
  }

  const dmsTo = (memberId: string) => {
    const channel = fake.dmChannelWith(memberId);
    return channel ? fake.messages(channel.id).filter((m) => m.author.id === fake.botUserId) : [];
  };

  it('GIVEN an invalid time zone THEN setup is refused with a clear message and nothing is saved', async () => {
    const running = await start();
    const ownerId = fake.guild(guildId)?.owner_id as string;
    const response = await fake
      .invokeSlashCommand({
        guildId,
        channelId: general,
        userId: ownerId,
        name: 'digest',
        options: [
          {
            type: ApplicationCommandOptionType.Subcommand,
            name: 'setup',
            options: [
              { type: ApplicationCommandOptionType.Channel, name: 'channel', value: digestChannel },
              { type: ApplicationCommandOptionType.Integer, name: 'hour', value: 8 },
              { type: ApplicationCommandOptionType.String, name: 'timezone', value: 'Mars/Olympus_Mons' },
            ],
          },
        ],
      })
      .firstResponse();
    expect(response.flags).toBe(MessageFlags.Ephemeral);
    expect(response.content).toMatch(/`timezone`.*IANA/);
    expect(rows(running, 'SELECT * FROM digest_settings')).toEqual([]);
  });

  it('GIVEN DM members and a 429 storm mid-batch THEN every member gets exactly one DM and the community digest is posted once', async () => {
    const running = await start();
    await setUp(running);
    for (const reader of readers) await chooseDm(reader);
    fake.injectRateLimit({ method: 'POST', route: '/channels/{channel_id}/messages', times: 6, retryAfterSeconds: 0.2 });
    await running.tasks.run('digest');
    expect(fake.rateLimitedCount).toBe(6);
    for (const reader of readers) expect(dmsTo(reader)).toHaveLength(1);
    const community = fake.messages(digestChannel).filter((m) => m.author.id === fake.botUserId);
    expect(community).toHaveLength(1);
    expect(JSON.stringify(community[0]?.components)).toContain('dpk:');
    expect(rows(running, `SELECT status, COUNT(*) AS n FROM delivery_outbox WHERE kind = 'dm' GROUP BY status`)).toEqual([{ status: 'sent', n: readers.length }]);
    expect(rows(running, `SELECT status FROM delivery_outbox WHERE kind = 'community'`)).toEqual([{ status: 'sent' }]);
    // A second tick the same day changes nothing.
    await running.tasks.run('digest');
    for (const reader of readers) expect(dmsTo(reader)).toHaveLength(1);
    expect(rows(running, 'SELECT COUNT(*) AS n FROM digest_runs')).toEqual([{ n: 1 }]);
  }, 30_000);

  it('GIVEN a restart in the middle of delivery THEN every member still gets exactly one digest', async () => {
    let running = await start();
    await setUp(running);
    for (const reader of readers) await chooseDm(reader);
    // Slow delivery: each DM waits out a 429 first, so the batch is still going when the bot stops.
    fake.injectRateLimit({ method: 'POST', route: '/channels/{channel_id}/messages', times: 20, retryAfterSeconds: 0.3 });
    const tick = running.tasks.run('digest');
    await expect.poll(() => readers.filter((r) => dmsTo(r).length > 0).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    await running.stop();
    await tick;
    const sentBefore = readers.filter((r) => dmsTo(r).length > 0).length;
    expect(sentBefore).toBeLessThan(readers.length);

    bot = running = await startTestBot(fake, db, { now: () => clock, scheduler: manualScheduler(), recommend: { loadRanker: popularity } });
    await running.tasks.run('digest');
    for (const reader of readers) expect(dmsTo(reader)).toHaveLength(1);
    expect(rows(running, `SELECT COUNT(*) AS n FROM delivery_outbox WHERE kind = 'dm' AND status = 'sent'`)).toEqual([{ n: readers.length }]);
    expect(fake.messages(digestChannel).filter((m) => m.author.id === fake.botUserId)).toHaveLength(1);
  }, 60_000);

  it('GIVEN a member whose DMs are closed THEN the DM is marked closed and "Show my picks" shows the same digest', async () => {
    const running = await start();
    await setUp(running);
    const [closed, open] = readers as [string, string];
    await chooseDm(closed);
    await chooseDm(open);
    fake.setDmsClosed(closed, true);
    await running.tasks.run('digest');
    expect(dmsTo(open)).toHaveLength(1);
    expect(dmsTo(closed)).toHaveLength(0);
    expect(rows(running, 'SELECT status FROM delivery_outbox WHERE user_id = ?', closed)).toEqual([{ status: 'dm_closed' }]);
    expect(rows<{ closedAt: number | null }>(running, 'SELECT dm_closed_at AS closedAt FROM digest_preferences WHERE member_id = ?', closed)[0]?.closedAt).not.toBeNull();

    const community = fake.messages(digestChannel).find((m) => m.author.id === fake.botUserId);
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
    // The community post is the first message request: hold it with a 429 and revoke access meanwhile.
    fake.injectRateLimit({ method: 'POST', route: '/channels/{channel_id}/messages', times: 1, retryAfterSeconds: 1 });
    const tick = running.tasks.run('digest');
    await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${digestChannel}/messages`);
    const composed = rows<{ items: string }>(running, 'SELECT items FROM member_digests WHERE member_id = ?', second);
    expect(composed[0]?.items).toContain(star);
    fake.updateChannel(hidden, {
      permissionOverwrites: [
        { id: second, type: 'member', deny: PermissionFlagsBits.ViewChannel },
        { id: fake.botUserId, type: 'member', allow: READ },
      ],
    });
    await tick;
    expect(JSON.stringify(dmsTo(first)[0])).toContain(star);
    const secondDm = JSON.stringify(dmsTo(second)[0]);
    expect(secondDm).not.toContain(star);
    expect(linkedPostIds(dmsTo(second)[0]?.embeds).length).toBeGreaterThan(0);
  }, 30_000);

  it('GIVEN two days of digests THEN no item appears twice for a member, and inactive members get no DM', async () => {
    const running = await start();
    await setUp(running, 3);
    const [reader, inactive] = readers as [string, string];
    await chooseDm(reader);
    await chooseDm(inactive);
    running.database.sqlite.prepare(`DELETE FROM posts WHERE author_id = ?`).run(inactive);
    await running.tasks.run('digest');
    const day1 = linkedPostIds(dmsTo(reader)[0]?.embeds);
    expect(day1).toHaveLength(3);
    expect(rows(running, 'SELECT * FROM member_digests WHERE member_id = ?', inactive)).toEqual([]);
    expect(rows(running, 'SELECT * FROM delivery_outbox WHERE user_id = ?', inactive)).toEqual([]);

    clock += DAY;
    await running.services.recommend.cache.refresh(guildId);
    await running.tasks.run('digest');
    const dms = dmsTo(reader);
    expect(dms).toHaveLength(2);
    const day2 = linkedPostIds(dms[1]?.embeds);
    expect(day2.length).toBeGreaterThan(0);
    for (const id of day2) expect(day1).not.toContain(id);
  }, 30_000);
});

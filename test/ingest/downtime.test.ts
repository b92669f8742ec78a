/**
 * GIVEN the bot was down, restarted, rate limited or interrupted while the guild kept talking, THEN the database
 * ends up as if it had been listening all along.
 */
import { ChannelType } from 'discord-api-types/v10';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import { generateCommunity } from '../../src/demo/community.js';
import type { FakeDiscord } from '../../src/sim/index.js';
import { createCommunityGuild, playActions } from '../../src/demo/play-community.js';
import { eventually, rows, type BotRunOptions, type TempDb } from '../helpers/bot-harness.js';
import { botWorld } from '../helpers/bot-world.js';
import { compareSnowflakes } from '../../src/lib/snowflake.js';
import { captureLog } from '../helpers/log-capture.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The recorded facts, without bookkeeping that legitimately differs (write times, how a row arrived). */
function facts(target: RunningBot | TempDb): Record<string, unknown[]> {
  return {
    guilds: rows(target, 'SELECT id, name, left_at IS NOT NULL AS gone FROM guilds ORDER BY id'),
    channels: rows(target, 'SELECT id, guild_id, parent_id, name, kind, nsfw, archived, deleted_at IS NOT NULL AS gone FROM channels ORDER BY id'),
    members: rows(target, 'SELECT guild_id, user_id, username, is_bot, joined_at, left_at IS NOT NULL AS gone FROM members ORDER BY user_id'),
    posts: rows(target, `SELECT id, guild_id, channel_id, thread_id, author_id, author_is_bot, created_at, edited_at,
      deleted_at IS NOT NULL AS gone, reply_to_id, attachment_count, content FROM posts ORDER BY id`),
    reactions: rows(target, 'SELECT message_id, user_id, emoji FROM reactions ORDER BY 1, 2, 3'),
    mentions: rows(target, 'SELECT message_id, user_id FROM mentions ORDER BY 1, 2'),
    relations: rows(target, 'SELECT kind, from_id, to_id, message_id FROM member_relations ORDER BY 1, 2, 3, 4'),
  };
}

describe('gap-free recording across downtime', () => {
  const world = botWorld();
  let fake: FakeDiscord;
  beforeEach(() => {
    fake = world.fake;
  });
  const newDb = () => world.newDb();
  const newBot = (db: TempDb, options: BotRunOptions = {}) => world.start(options, db);

  it('GIVEN a bot restarted while the guild kept producing history THEN its rows equal those of a bot that never stopped', async () => {
    const now = Date.now();
    const community = generateCommunity({ seed: 11, members: 12, days: 2, postsPerDay: 40, start: now - 2 * DAY });
    const played = createCommunityGuild(fake, community);
    playActions(fake, community, played, 0, now - 6 * HOUR);

    const steadyDb = newDb();
    const restartedDb = newDb();
    const steady = await newBot(steadyDb);
    let restarted = await newBot(restartedDb);
    playActions(fake, community, played, now - 6 * HOUR, now - 4 * HOUR);
    await restarted.idle();
    await restarted.stop();

    // While it is down: new posts and reactions, an edit, a deletion, a removed reaction, a member leaves.
    playActions(fake, community, played, now - 4 * HOUR, now);
    const general = played.channelIds.get('general') as string;
    const history = fake.messages(general);
    const [edited, deleted, unreacted] = history.slice(-6, -3);
    fake.editMessage(general, edited!.id, { content: 'edited while attune was down' });
    fake.deleteMessage(general, deleted!.id);
    const reaction = fake.message(general, unreacted!.id)?.reactions?.[0];
    const reactor = rows<{ user_id: string; emoji: string }>(steady, 'SELECT user_id, emoji FROM reactions WHERE message_id = ?', unreacted!.id)[0];
    if (reaction && reactor) fake.removeReaction(general, unreacted!.id, reactor.user_id, reactor.emoji);
    fake.removeMember(played.guildId, played.memberIds.get('m5') as string);
    const newcomer = fake.addMember(played.guildId, { username: 'newcomer' }).user.id;
    fake.postMessage({ channelId: general, authorId: newcomer, content: 'hi all, new here' });

    restarted = await newBot(restartedDb);
    await restarted.idle();
    // The steady bot receives the last events live; wait until it holds the newcomer's post.
    await eventually(steady, () => rows(steady, 'SELECT id FROM posts WHERE author_id = ?', newcomer), (r) => expect(r).toHaveLength(1));
    const expected = facts(steady);
    expect(expected.posts?.length).toBeGreaterThan(60);
    expect(expected.reactions?.length).toBeGreaterThan(60);
    expect(facts(restarted)).toEqual(expected);
  });

  it('GIVEN 429s during backfill THEN the backfill waits and loses nothing', async () => {
    const guild = fake.createGuild({ name: 'Busy' });
    const channel = fake.createChannel(guild.id, { name: 'general', type: ChannelType.GuildText });
    const author = fake.addMember(guild.id, { username: 'ada' }).user.id;
    const start = Date.now() - 10 * HOUR;
    for (let i = 0; i < 250; i++) fake.postMessage({ channelId: channel.id, authorId: author, content: `m${i}`, at: start + i * 60_000 });
    fake.injectRateLimit({ method: 'GET', route: '/channels/{channel_id}/messages', times: 3, retryAfterSeconds: 0.2 });
    const bot = await newBot(newDb());
    expect(fake.rateLimitedCount).toBe(3);
    expect(rows(bot, 'SELECT COUNT(*) AS n FROM posts')).toEqual([{ n: 250 }]);
    const pages = fake.requests.filter((r) => r.method === 'GET' && r.route === '/channels/{channel_id}/messages');
    expect(pages.filter((r) => r.status === 429)).toHaveLength(3);
    expect(pages.filter((r) => r.status === 200)).toHaveLength(3);
  });

  it('GIVEN a backfill interrupted mid-way THEN the next start resumes from the last complete page', async () => {
    const guild = fake.createGuild({ name: 'Long history' });
    const channel = fake.createChannel(guild.id, { name: 'general', type: ChannelType.GuildText });
    const author = fake.addMember(guild.id, { username: 'ada' }).user.id;
    // Older than the refresh window, so the resumed run has no reason to re-read pages it already has.
    const start = Date.now() - 10 * DAY;
    for (let i = 0; i < 450; i++) fake.postMessage({ channelId: channel.id, authorId: author, content: `m${i}`, at: start + i * 60_000 });
    const db = newDb();
    const isPage = (r: { method: string; route: string | null }) => r.method === 'GET' && r.route === '/channels/{channel_id}/messages';
    // The third page's answer is held back, and the bot is stopped while it waits for it (the answer never comes).
    const pages = () => fake.requests.filter(isPage);
    fake.withholdResponses((r) => isPage(r) && pages().length === 3);
    const interrupted = await newBot(db, { waitForSync: false });
    await fake.waitForRequest((r) => pages()[2] === r, 30_000);
    await interrupted.stop();
    fake.withholdResponses(null);
    const ids = fake.messages(channel.id).map((m) => m.id).sort(compareSnowflakes);
    const secondPage = ids[199] as string;
    expect(rows(db, 'SELECT COUNT(*) AS n FROM posts')).toEqual([{ n: 200 }]);
    expect(rows(db, 'SELECT last_message_id, backfilled_at FROM ingest_checkpoints WHERE channel_id = ?', channel.id)).toEqual([
      { last_message_id: secondPage, backfilled_at: null },
    ]);
    const before = fake.requests.length;
    const resumed = await newBot(db);
    const resumedPages = fake.requests.slice(before).filter((r) => isPage(r) && r.status === 200);
    expect(resumedPages[0]?.query.after).toBe(secondPage);
    expect(resumedPages).toHaveLength(3);
    expect(rows(resumed, 'SELECT COUNT(*) AS n FROM posts')).toEqual([{ n: 450 }]);
    expect(rows(resumed, 'SELECT last_message_id, backfilled_at IS NOT NULL AS done FROM ingest_checkpoints WHERE channel_id = ?', channel.id)).toEqual([
      { last_message_id: ids.at(-1), done: 1 },
    ]);
  });

  it('GIVEN a gateway disconnect THEN the client resumes and the missed events are recorded exactly once', async () => {
    const guild = fake.createGuild({ name: 'Flaky' });
    const channel = fake.createChannel(guild.id, { name: 'general', type: ChannelType.GuildText });
    const ada = fake.addMember(guild.id, { username: 'ada' }).user.id;
    const bo = fake.addMember(guild.id, { username: 'bo' }).user.id;
    const bot = await newBot(newDb());
    const first = fake.postMessage({ channelId: channel.id, authorId: ada, content: 'before' });
    await eventually(bot, () => rows(bot, 'SELECT id FROM posts'), (r) => expect(r).toHaveLength(1));
    fake.dropConnections({ resumable: true });
    const during = fake.postMessage({ channelId: channel.id, authorId: bo, content: 'while away', replyTo: first.id });
    fake.addReaction(channel.id, first.id, bo, '👍');
    await fake.waitForResume(30_000);
    await eventually(bot, () => rows(bot, 'SELECT id FROM posts ORDER BY id'), (r) => expect(r).toEqual([{ id: first.id }, { id: during.id }]));
    await eventually(bot, () => rows(bot, 'SELECT user_id FROM reactions'), (r) => expect(r).toEqual([{ user_id: bo }]));
    expect(rows(bot, 'SELECT kind FROM member_relations ORDER BY kind')).toEqual([{ kind: 'reaction' }, { kind: 'reply' }]);
  });

  it('GIVEN another process holding the write lock (SQLITE_BUSY) THEN events wait and are all written once it lets go', async () => {
    const guild = fake.createGuild({ name: 'Contended' });
    const channel = fake.createChannel(guild.id, { name: 'general', type: ChannelType.GuildText });
    const ada = fake.addMember(guild.id, { username: 'ada' }).user.id;
    const db = newDb();
    const capture = captureLog('warn');
    const bot = await newBot(db, { busyTimeoutMs: 50, log: capture.log });
    db.sqlite.exec('BEGIN IMMEDIATE');
    const posted = Array.from({ length: 20 }, (_, i) => fake.postMessage({ channelId: channel.id, authorId: ada, content: `busy ${i}` }).id);
    // The writer's batch ran past its busy timeout and now waits for the lock (it says so): kept, not dropped.
    await eventually(() => expect(capture.count('database is busy; ingest batch waiting for the lock')).toBeGreaterThan(0));
    expect(rows(db, 'SELECT COUNT(*) AS n FROM posts')).toEqual([{ n: 0 }]);
    db.sqlite.exec('COMMIT');
    await eventually(bot, () => rows(bot, 'SELECT id FROM posts ORDER BY id'), (r) => expect(r.map((x) => x.id)).toEqual([...posted].sort(compareSnowflakes)));
    expect(capture.count('database was busy; ingest batch waited')).toBeGreaterThan(0);
  });
});

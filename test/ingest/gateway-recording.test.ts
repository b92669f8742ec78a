/**
 * GIVEN the real discord.js client logged into the fake Discord, THEN every gateway event kind lands in SQLite as
 * the rows it means.
 */
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import type { FakeDiscord } from '../../src/sim/index.js';
import { eventually, rows } from '../helpers/bot-harness.js';
import { botWorld } from '../helpers/bot-world.js';

const HOUR = 3_600_000;

describe('recording gateway events', () => {
  const world = botWorld();
  let fake: FakeDiscord;
  let bot: RunningBot | null = null;
  let guildId: string;
  let general: string;
  let forum: string;
  let ada: string;
  let bo: string;
  let cy: string;

  beforeEach(async () => {
    fake = world.fake;
    const guild = fake.createGuild({ name: 'Test Guild' });
    guildId = guild.id;
    general = fake.createChannel(guildId, { name: 'general', type: ChannelType.GuildText }).id;
    forum = fake.createChannel(guildId, { name: 'showcase', type: ChannelType.GuildForum }).id;
    ada = fake.addMember(guildId, { username: 'ada' }).user.id;
    bo = fake.addMember(guildId, { username: 'bo' }).user.id;
    cy = fake.addMember(guildId, { username: 'cy' }).user.id;
  });

  it('GIVEN start-up THEN the guild, its channels and members are recorded', async () => {
    bot = await world.start();
    expect(rows(bot, 'SELECT id, name, left_at FROM guilds')).toEqual([{ id: guildId, name: 'Test Guild', left_at: null }]);
    expect(rows(bot, 'SELECT name, kind FROM channels ORDER BY name')).toEqual([
      { name: 'general', kind: 'text' },
      { name: 'showcase', kind: 'forum' },
    ]);
    const members = rows<{ username: string; is_bot: number }>(bot, 'SELECT username, is_bot FROM members ORDER BY username');
    expect(members.map((m) => m.username)).toEqual(expect.arrayContaining(['ada', 'bo', 'cy']));
    expect(members.filter((m) => m.is_bot === 1)).toHaveLength(1);
  });

  it('GIVEN messages, replies, mentions and attachments THEN posts, mentions and relations are recorded', async () => {
    bot = await world.start();
    const first = fake.postMessage({ channelId: general, authorId: ada, content: 'hello world', attachments: 2 });
    const reply = fake.postMessage({ channelId: general, authorId: bo, content: 'hi ada, see <https://example.com/docs>', replyTo: first.id, mentions: [cy] });
    await eventually(bot, () => rows(bot!, 'SELECT id FROM posts'), (r) => expect(r).toHaveLength(2));
    // What each carries besides text, as digests name it: the fake's attachments are PNG images, the reply a link.
    expect(rows(bot, 'SELECT media FROM posts ORDER BY id')).toEqual([{ media: '["image"]' }, { media: '["link"]' }]);
    expect(rows(bot, 'SELECT id, author_id, channel_id, thread_id, content, attachment_count, reply_to_id, source FROM posts ORDER BY id')).toEqual([
      { id: first.id, author_id: ada, channel_id: general, thread_id: null, content: 'hello world', attachment_count: 2, reply_to_id: null, source: 'gateway' },
      { id: reply.id, author_id: bo, channel_id: general, thread_id: null, content: 'hi ada, see <https://example.com/docs>', attachment_count: 0, reply_to_id: first.id, source: 'gateway' },
    ]);
    // Discord lists a reply's target among its mentions (the ping); as a relation it counts once, as the reply.
    expect(rows(bot, 'SELECT message_id, user_id FROM mentions ORDER BY user_id')).toEqual(
      [{ message_id: reply.id, user_id: ada }, { message_id: reply.id, user_id: cy }].sort((x, y) => (x.user_id < y.user_id ? -1 : 1)),
    );
    expect(rows(bot, 'SELECT kind, from_id, to_id FROM member_relations ORDER BY kind')).toEqual([
      { kind: 'mention', from_id: bo, to_id: cy },
      { kind: 'reply', from_id: bo, to_id: ada },
    ]);
  });

  it('GIVEN edits, a delete and a bulk delete THEN content follows and deleted posts lose content but keep their row', async () => {
    bot = await world.start();
    const a = fake.postMessage({ channelId: general, authorId: ada, content: 'first draft' });
    const b = fake.postMessage({ channelId: general, authorId: bo, content: 'to be deleted', mentions: [ada] });
    const c = fake.postMessage({ channelId: general, authorId: cy, content: 'bulk 1' });
    const d = fake.postMessage({ channelId: general, authorId: cy, content: 'bulk 2' });
    fake.addReaction(general, b.id, cy, '👍');
    fake.editMessage(general, a.id, { content: 'final text' });
    fake.deleteMessage(general, b.id);
    fake.bulkDeleteMessages(general, [c.id, d.id]);
    await eventually(bot, () => rows(bot!, 'SELECT id FROM posts WHERE deleted_at IS NOT NULL'), (r) => expect(r).toHaveLength(3));
    expect(rows(bot, 'SELECT content, edited_at IS NOT NULL AS edited FROM posts WHERE id = ?', a.id)).toEqual([{ content: 'final text', edited: 1 }]);
    expect(rows(bot, 'SELECT content FROM posts WHERE deleted_at IS NOT NULL')).toEqual([{ content: null }, { content: null }, { content: null }]);
    expect(rows(bot, 'SELECT COUNT(*) AS n FROM mentions')).toEqual([{ n: 0 }]);
    expect(rows(bot, 'SELECT COUNT(*) AS n FROM reactions')).toEqual([{ n: 0 }]);
    expect(rows(bot, 'SELECT COUNT(*) AS n FROM member_relations')).toEqual([{ n: 0 }]);
  });

  it('GIVEN reactions added and removed in every way THEN only the remaining ones are recorded', async () => {
    bot = await world.start();
    const m = fake.postMessage({ channelId: general, authorId: ada, content: 'react to me' });
    const n = fake.postMessage({ channelId: general, authorId: ada, content: 'and me' });
    fake.addReaction(general, m.id, bo, '👍');
    fake.addReaction(general, m.id, cy, '👍');
    fake.addReaction(general, m.id, cy, '🎉');
    fake.addReaction(general, m.id, bo, { id: '900000000000000001', name: 'partyparrot' });
    fake.addReaction(general, n.id, bo, '🔥');
    fake.addReaction(general, n.id, cy, '🔥');
    await eventually(bot, () => rows(bot!, 'SELECT * FROM reactions'), (r) => expect(r).toHaveLength(6));
    fake.removeReaction(general, m.id, bo, '👍');
    fake.removeEmojiReactions(general, m.id, '🎉');
    fake.removeAllReactions(general, n.id);
    await eventually(bot, () => rows(bot!, 'SELECT * FROM reactions'), (r) => expect(r).toHaveLength(2));
    expect(rows(bot, 'SELECT message_id, user_id, emoji, emoji_name FROM reactions ORDER BY emoji')).toEqual([
      { message_id: m.id, user_id: bo, emoji: '900000000000000001', emoji_name: 'partyparrot' },
      { message_id: m.id, user_id: cy, emoji: '👍', emoji_name: '👍' },
    ]);
    expect(rows(bot, `SELECT from_id, to_id FROM member_relations WHERE kind = 'reaction' ORDER BY from_id`)).toEqual(
      [{ from_id: bo, to_id: ada }, { from_id: cy, to_id: ada }].sort((x, y) => (x.from_id < y.from_id ? -1 : 1)),
    );
  });

  it('GIVEN a reaction on a message the client never cached THEN it is recorded (partials), fetching the message if needed', async () => {
    // Older than the backfill horizon: neither cached nor stored when the bot starts.
    const old = fake.postMessage({ channelId: general, authorId: ada, content: 'ancient', at: Date.now() - 40 * 24 * HOUR });
    const recent = fake.postMessage({ channelId: general, authorId: ada, content: 'recent', at: Date.now() - HOUR });
    bot = await world.start();
    expect(rows(bot, 'SELECT id FROM posts')).toEqual([{ id: recent.id }]);
    fake.addReaction(general, recent.id, bo, '👍');
    fake.addReaction(general, old.id, cy, '❤️');
    await eventually(bot, () => rows(bot!, 'SELECT message_id, user_id FROM reactions ORDER BY user_id'), (r) => expect(r).toHaveLength(2));
    expect(rows(bot, 'SELECT id, content, source FROM posts WHERE id = ?', old.id)).toEqual([{ id: old.id, content: 'ancient', source: 'backfill' }]);
    expect(fake.requests.some((r) => r.method === 'GET' && r.path === `/channels/${general}/messages/${old.id}`)).toBe(true);
  });

  it('GIVEN threads and forum posts THEN they are channels with parents, and their messages link co-participants', async () => {
    bot = await world.start();
    const { thread, message } = fake.createForumPost(forum, { name: 'my painting', authorId: ada, content: 'look' });
    const reply = fake.postMessage({ channelId: thread.id, authorId: bo, content: 'lovely' });
    const side = fake.createThread(general, { name: 'side chat', ownerId: cy });
    fake.postMessage({ channelId: side.id, authorId: cy, content: 'in a thread' });
    await eventually(bot, () => rows(bot!, 'SELECT id FROM posts'), (r) => expect(r).toHaveLength(3));
    expect(rows(bot, 'SELECT id, parent_id, kind, owner_id FROM channels WHERE kind LIKE ? ORDER BY name', '%thread')).toEqual([
      { id: thread.id, parent_id: forum, kind: 'public_thread', owner_id: ada },
      { id: side.id, parent_id: general, kind: 'public_thread', owner_id: cy },
    ]);
    expect(rows(bot, 'SELECT channel_id, thread_id FROM posts WHERE id IN (?, ?) ORDER BY id', message.id, reply.id)).toEqual([
      { channel_id: forum, thread_id: thread.id },
      { channel_id: forum, thread_id: thread.id },
    ]);
    expect(rows(bot, `SELECT kind FROM member_relations WHERE kind = 'co_thread'`)).toHaveLength(1);

    fake.updateThread(side.id, { archived: true, name: 'side chat (done)' });
    await eventually(bot, () => rows(bot!, 'SELECT name, archived FROM channels WHERE id = ?', side.id), (r) =>
      expect(r).toEqual([{ name: 'side chat (done)', archived: 1 }]),
    );
    fake.deleteThread(side.id);
    await eventually(bot, () => rows(bot!, 'SELECT deleted_at FROM channels WHERE id = ?', side.id), (r) =>
      expect(r[0]).toEqual({ deleted_at: expect.any(Number) }),
    );
  });

  it('GIVEN channel and member changes THEN channels and membership follow', async () => {
    bot = await world.start();
    const art = fake.createChannel(guildId, { name: 'art', type: ChannelType.GuildText });
    fake.updateChannel(art.id, { name: 'art-nsfw', nsfw: true });
    const dee = fake.addMember(guildId, { username: 'dee' }).user.id;
    fake.updateMember(guildId, ada, { nick: 'Ada L.' });
    fake.removeMember(guildId, bo);
    fake.deleteChannel(general);
    await eventually(bot, () => rows(bot!, 'SELECT deleted_at FROM channels WHERE id = ?', general), (r) => expect(r[0]).toEqual({ deleted_at: expect.any(Number) }));
    expect(rows(bot, 'SELECT name, nsfw, deleted_at FROM channels WHERE id = ?', art.id)).toEqual([{ name: 'art-nsfw', nsfw: 1, deleted_at: null }]);
    expect(rows(bot, 'SELECT user_id, display_name, left_at IS NOT NULL AS gone FROM members WHERE user_id IN (?, ?, ?) ORDER BY username', ada, bo, dee)).toEqual([
      { user_id: ada, display_name: 'Ada L.', gone: 0 },
      { user_id: bo, display_name: null, gone: 1 },
      { user_id: dee, display_name: null, gone: 0 },
    ]);
  });

  it('GIVEN the bot is added to a guild and later removed THEN the new guild is backfilled and the removal recorded', async () => {
    bot = await world.start();
    const other = fake.createGuild({ name: 'Second', includeBot: false });
    const chat = fake.createChannel(other.id, { name: 'chat', type: ChannelType.GuildText });
    const dee = fake.addMember(other.id, { username: 'dee' }).user.id;
    const before = fake.postMessage({ channelId: chat.id, authorId: dee, content: 'said before the bot came', at: Date.now() - HOUR });
    fake.addBotToGuild(other.id);
    await eventually(bot, () => rows(bot!, 'SELECT id FROM posts WHERE guild_id = ?', other.id), (r) => expect(r).toEqual([{ id: before.id }]));
    fake.removeBotFromGuild(other.id);
    await eventually(bot, () => rows(bot!, 'SELECT left_at FROM guilds WHERE id = ?', other.id), (r) => expect(r[0]).toEqual({ left_at: expect.any(Number) }));
  });

  it('GIVEN DMs, bot messages and a channel the bot cannot see THEN no DM is stored, bots are marked, the hidden channel is never read', async () => {
    const hidden = fake.createChannel(guildId, {
      name: 'mod-room',
      type: ChannelType.GuildText,
      permissionOverwrites: [{ id: guildId, type: 'role', deny: PermissionFlagsBits.ViewChannel }],
    }).id;
    fake.postMessage({ channelId: hidden, authorId: ada, content: 'secret', at: Date.now() - HOUR });
    const helper = fake.addMember(guildId, { username: 'helperbot', bot: true }).user.id;
    bot = await world.start();
    fake.sendDirectMessage({ authorId: bo, content: 'psst' });
    const botPost = fake.postMessage({ channelId: general, authorId: helper, content: 'beep', mentions: [ada] });
    fake.addReaction(general, botPost.id, ada, '👍');
    const human = fake.postMessage({ channelId: general, authorId: ada, content: 'hi' });
    fake.addReaction(general, human.id, helper, '🤖');
    // attune's own messages come back over the gateway like anyone's: recorded, as a bot.
    const channel = await bot.client.channels.fetch(general);
    const own = channel?.isSendable() ? await channel.send('a message from attune itself') : null;
    await eventually(bot, () => rows(bot!, 'SELECT id FROM posts'), (r) => expect(r).toHaveLength(3));
    expect(rows(bot, 'SELECT author_id, author_is_bot FROM posts WHERE id = ?', own?.id)).toEqual([{ author_id: fake.botUserId, author_is_bot: 1 }]);
    await eventually(bot, () => rows(bot!, 'SELECT * FROM reactions'), (r) => expect(r).toHaveLength(1));
    expect(rows(bot, 'SELECT author_is_bot FROM posts WHERE id = ?', botPost.id)).toEqual([{ author_is_bot: 1 }]);
    expect(rows(bot, 'SELECT user_id FROM reactions')).toEqual([{ user_id: ada }]);
    expect(rows(bot, 'SELECT COUNT(*) AS n FROM member_relations')).toEqual([{ n: 0 }]);
    expect(rows(bot, 'SELECT COUNT(*) AS n FROM posts WHERE channel_id = ?', hidden)).toEqual([{ n: 0 }]);
    expect(fake.requests.filter((r) => r.path.startsWith(`/channels/${hidden}`))).toEqual([]);
  });

  it('GIVEN no MESSAGE_CONTENT intent THEN activity is recorded without any text', async () => {
    bot = await world.start({ messageContent: false });
    fake.postMessage({ channelId: general, authorId: ada, content: 'private words', mentions: [bo], attachments: 1 });
    await eventually(bot, () => rows(bot!, 'SELECT content, media FROM posts'), (r) => expect(r).toEqual([{ content: null, media: null }]));
    expect(rows(bot, 'SELECT user_id FROM mentions')).toEqual([{ user_id: bo }]);
  });

  it('GIVEN every event kind delivered twice (a replay) THEN the rows are exactly those of one delivery', async () => {
    bot = await world.start();
    const facts = () => ({
      posts: rows(bot!, 'SELECT id, content, edited_at, deleted_at FROM posts ORDER BY id'),
      reactions: rows(bot!, 'SELECT message_id, user_id, emoji, at FROM reactions ORDER BY 1, 2, 3'),
      mentions: rows(bot!, 'SELECT * FROM mentions ORDER BY 1, 2'),
      relations: rows(bot!, 'SELECT * FROM member_relations ORDER BY 1, 2, 3, 4, 5'),
      members: rows(bot!, 'SELECT user_id, display_name, left_at FROM members ORDER BY user_id'),
      channels: rows(bot!, 'SELECT id, name, archived, deleted_at FROM channels ORDER BY id'),
      coThread: rows(bot!, 'SELECT * FROM thread_co_participation ORDER BY 1, 2, 3'),
    });
    const a = fake.postMessage({ channelId: general, authorId: ada, content: 'one', mentions: [cy] });
    const b = fake.postMessage({ channelId: general, authorId: bo, content: 'two', replyTo: a.id });
    const gone = fake.postMessage({ channelId: general, authorId: cy, content: 'three' });
    fake.addReaction(general, a.id, bo, '👍');
    fake.addReaction(general, a.id, cy, '🎉');
    fake.addReaction(general, b.id, ada, '🔥');
    fake.removeReaction(general, a.id, cy, '🎉');
    fake.editMessage(general, b.id, { content: 'two, edited' });
    fake.deleteMessage(general, gone.id);
    const { thread } = fake.createForumPost(forum, { name: 'post', authorId: ada, content: 'forum post' });
    fake.postMessage({ channelId: thread.id, authorId: bo, content: 'thread reply' });
    fake.updateThread(thread.id, { archived: true });
    fake.updateMember(guildId, cy, { nick: 'Cy' });
    fake.removeMember(guildId, bo);
    const sentinel1 = fake.postMessage({ channelId: general, authorId: ada, content: 'sentinel 1' });
    await eventually(bot, () => rows(bot!, 'SELECT id FROM posts WHERE id = ?', sentinel1.id), (r) => expect(r).toHaveLength(1));
    const once = facts();

    expect(fake.redeliverRecent(1_000)).toBeGreaterThan(15);
    const sentinel2 = fake.postMessage({ channelId: general, authorId: ada, content: 'sentinel 2' });
    // Events are handled in order: once the new sentinel is stored, every replayed event before it was too.
    await eventually(bot, () => rows(bot!, 'SELECT id FROM posts WHERE id = ?', sentinel2.id), (r) => expect(r).toHaveLength(1));
    const twice = facts();
    twice.posts = twice.posts.filter((p) => p.id !== sentinel2.id);
    expect(twice).toEqual(once);
  });
});

import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActivityStore } from '../../src/ingest/activity-store.js';
import { engagementsBetween } from '../../src/graph/engagement.js';
import { importPath } from '../../src/ingest/import/index.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';
import { clock, dumpAll, fixture, NOW, rows, writeFile } from './helpers.js';

const JSON_EXPORT = fixture('thread-export.json');
const GUILD = '600000000000000001';
const PARENT = '700000000000000010';
const THREAD = '700000000000000020';
const ALICE = '111111111111111111';
const BOB = '222222222222222222';
const CAROL = '333333333333333333';
const BOT = '999999999999999999';
const REACT_BOT = '999999999999999998';
const M1 = '800000000000000001';
const M2 = '800000000000000002';
const M4 = '800000000000000004';
const M5 = '800000000000000005';

describe('importPath: DiscordChatExporter JSON', () => {
  let db: TempDb;
  beforeEach(() => {
    db = createTempDb();
  });
  afterEach(() => db.dispose());

  it('GIVEN a thread export THEN posts sit in the parent channel and thread, replies and reactions are relations', () => {
    const summary = importPath(db, JSON_EXPORT, { now: clock(), keepContent: true });
    expect(summary).toMatchObject({
      format: 'dce-json',
      guilds: 1,
      channels: 2,
      members: 5,
      posts: 4,
      reactions: 3,
      tallies: 1,
      skipped: { total: 2, reasons: { 'system message (GuildMemberJoin)': 1, 'system message (ChannelPinnedMessage)': 1 } },
    });

    expect(rows(db, 'SELECT id, name FROM guilds')).toEqual([{ id: GUILD, name: 'Fixture Guild' }]);
    expect(rows(db, 'SELECT id, guild_id, parent_id, name, kind FROM channels ORDER BY id')).toEqual([
      // The parent's kind is not in a thread's export.
      { id: PARENT, guild_id: GUILD, parent_id: null, name: 'help-forum', kind: 'other' },
      { id: THREAD, guild_id: GUILD, parent_id: PARENT, name: 'How do I configure X?', kind: 'public_thread' },
    ]);

    expect(rows(db, 'SELECT id, channel_id, thread_id, author_id, author_is_bot, created_at, edited_at, reply_to_id, attachment_count, content, source FROM posts ORDER BY created_at')).toEqual([
      { id: M1, channel_id: PARENT, thread_id: THREAD, author_id: ALICE, author_is_bot: 0, created_at: Date.parse('2024-03-01T10:00:00Z'), edited_at: null, reply_to_id: null, attachment_count: 1, content: 'How do I configure X?\nI tried "Y".', source: 'import' },
      { id: M2, channel_id: PARENT, thread_id: THREAD, author_id: BOB, author_is_bot: 0, created_at: Date.parse('2024-03-01T10:05:30.250Z'), edited_at: Date.parse('2024-03-01T10:07:00Z'), reply_to_id: M1, attachment_count: 0, content: 'Like this, @Alice A.', source: 'import' },
      { id: M4, channel_id: PARENT, thread_id: THREAD, author_id: BOT, author_is_bot: 1, created_at: Date.parse('2024-03-01T10:08:00Z'), edited_at: null, reply_to_id: null, attachment_count: 0, content: 'Reminder: be nice', source: 'import' },
      // 12:30 at +02:00.
      { id: M5, channel_id: PARENT, thread_id: THREAD, author_id: CAROL, author_is_bot: 0, created_at: Date.parse('2024-03-01T10:30:00Z'), edited_at: null, reply_to_id: M2, attachment_count: 0, content: 'Thanks @bob!', source: 'import' },
    ]);

    // Reactions with users: one row per reactor, dated at the message; the bot's reaction is not stored.
    expect(rows(db, 'SELECT message_id, user_id, emoji, emoji_name, at FROM reactions ORDER BY message_id')).toEqual([
      { message_id: M1, user_id: BOB, emoji: '👍', emoji_name: '👍', at: Date.parse('2024-03-01T10:00:00Z') },
      { message_id: M4, user_id: ALICE, emoji: '❤️', emoji_name: '❤️', at: Date.parse('2024-03-01T10:08:00Z') },
    ]);
    // Without users, only the count, under the custom emoji's id.
    expect(rows(db, 'SELECT message_id, emoji, count FROM reaction_tallies')).toEqual([{ message_id: M2, emoji: '900000000000000001', count: 3 }]);

    const relations = rows(db, `SELECT kind, from_id, to_id, message_id FROM member_relations WHERE kind != 'co_thread' ORDER BY kind, message_id`);
    // M2 and M5 also list their reply targets among their mentions (the reply ping): those count once, as replies.
    expect(relations).toEqual([
      // Alice's heart on the bot's message is stored but is no relation (bots take no part).
      { kind: 'reaction', from_id: BOB, to_id: ALICE, message_id: M1 },
      { kind: 'reply', from_id: BOB, to_id: ALICE, message_id: M2 },
      { kind: 'reply', from_id: CAROL, to_id: BOB, message_id: M5 },
    ]);
    expect(rows(db, `SELECT from_id, to_id FROM member_relations WHERE kind = 'co_thread' ORDER BY from_id, to_id`)).toEqual([
      { from_id: ALICE, to_id: BOB },
      { from_id: ALICE, to_id: CAROL },
      { from_id: BOB, to_id: CAROL },
    ]);

    expect(rows(db, 'SELECT user_id, username, display_name, is_bot, joined_at FROM members ORDER BY user_id')).toEqual([
      { user_id: ALICE, username: 'alice', display_name: 'Alice A.', is_bot: 0, joined_at: null },
      { user_id: BOB, username: 'bob', display_name: null, is_bot: 0, joined_at: null },
      { user_id: CAROL, username: 'carol', display_name: null, is_bot: 0, joined_at: null },
      { user_id: REACT_BOT, username: 'react-bot', display_name: null, is_bot: 1, joined_at: null },
      { user_id: BOT, username: 'helper-bot', display_name: null, is_bot: 1, joined_at: null },
    ]);
  });

  it('GIVEN the same export imported twice THEN the second import changes no row', () => {
    importPath(db, JSON_EXPORT, { now: clock() });
    const once = dumpAll(db);
    const again = importPath(db, JSON_EXPORT, { now: clock(NOW + 3_600_000) });
    expect(dumpAll(db)).toEqual(once);
    expect(again.added).toEqual({ guilds: 0, channels: 0, members: 0, posts: 0, reactions: 0, tallies: 0 });
  });

  it('GIVEN the parent channel is already known THEN it is left as it is; a later export of it upgrades a placeholder', () => {
    importPath(db, JSON_EXPORT, { now: clock() });
    const parentExport = {
      guild: { id: GUILD, name: 'Fixture Guild' },
      channel: { id: PARENT, type: 'GuildForum', categoryId: '700000000000000001', category: 'Support', name: 'help-forum', topic: null },
      messages: [],
    };
    importPath(db, writeFile(db.dir, 'parent.json', JSON.stringify(parentExport)), { now: clock() });
    expect(rows(db, 'SELECT id, parent_id, kind FROM channels ORDER BY id')).toEqual([
      { id: '700000000000000001', parent_id: null, kind: 'category' },
      { id: PARENT, parent_id: '700000000000000001', kind: 'forum' },
      { id: THREAD, parent_id: PARENT, kind: 'public_thread' },
    ]);
    // And the thread export again does not turn the forum back into a placeholder.
    importPath(db, JSON_EXPORT, { now: clock() });
    expect(rows(db, 'SELECT kind FROM channels WHERE id = ?', PARENT)).toEqual([{ kind: 'forum' }]);
  });

  it('GIVEN a forum post export (its first message has the thread’s id) THEN the parent is a forum and the post its starter', () => {
    const user = (id: string, name: string) => ({ id, name, nickname: null, isBot: false });
    const message = (id: string, at: string, author: ReturnType<typeof user>) => ({
      id, type: 'Default', timestamp: at, timestampEdited: null, content: `message ${id}`, author,
      attachments: [], reactions: [], mentions: [], reference: null,
    });
    const forumPost = {
      guild: { id: GUILD, name: 'Fixture Guild' },
      channel: { id: '700000000000000030', type: 'GuildPublicThread', categoryId: '700000000000000031', category: 'showcase', name: 'My project' },
      messages: [
        message('700000000000000030', '2024-03-01T10:00:00Z', user(ALICE, 'alice')),
        message('800000000000000031', '2024-03-01T11:00:00Z', user(BOB, 'bob')),
      ],
    };
    importPath(db, writeFile(db.dir, 'forum-post.json', JSON.stringify(forumPost)), { now: clock() });
    expect(rows(db, 'SELECT id, parent_id, kind FROM channels ORDER BY id')).toEqual([
      { id: '700000000000000030', parent_id: '700000000000000031', kind: 'public_thread' },
      { id: '700000000000000031', parent_id: null, kind: 'forum' },
    ]);
    expect(engagementsBetween(db.sqlite, GUILD, 0, Date.parse('2024-03-02T00:00:00Z'))).toEqual([
      { member: BOB, post: '700000000000000030', kind: 'thread', at: Date.parse('2024-03-01T11:00:00Z') },
    ]);
    // The fixture's thread does not hold a message with its id: its parent's kind stays unknown.
    importPath(db, JSON_EXPORT, { now: clock() });
    expect(rows(db, 'SELECT kind FROM channels WHERE id = ?', PARENT)).toEqual([{ kind: 'other' }]);
  });

  it('GIVEN messages the bot already recorded live THEN the export does not overwrite them or add their reactions', () => {
    const store = new ActivityStore(db.sqlite);
    store.apply([
      { kind: 'guild', guild: { id: GUILD, name: 'Real Name', ownerId: ALICE, preferredLocale: 'de' }, at: 1 },
      { kind: 'member', member: { guildId: GUILD, userId: BOB, username: 'bob', displayName: 'Bobby', isBot: false, joinedAt: 5 }, at: 1 },
      {
        kind: 'post',
        post: {
          id: M1, guildId: GUILD, channelId: PARENT, threadId: THREAD, authorId: ALICE, authorIsBot: false,
          createdAt: Date.parse('2024-03-01T10:00:00Z'), editedAt: null, replyToId: null, replyToAuthorId: null,
          attachmentCount: 1, content: 'raw <@222222222222222222> content', mentionedUserIds: [], source: 'gateway',
        },
      },
    ]);
    const summary = importPath(db, JSON_EXPORT, { now: clock() });
    expect(summary.skipped.reasons).toMatchObject({
      'message already recorded by the bot': 1,
      'reaction on a message already recorded by the bot': 2,
    });
    expect(rows(db, 'SELECT content, source FROM posts WHERE id = ?', M1)).toEqual([{ content: 'raw <@222222222222222222> content', source: 'gateway' }]);
    expect(rows(db, 'SELECT COUNT(*) AS n FROM reactions WHERE message_id = ?', M1)).toEqual([{ n: 0 }]);
    // Known guild and member rows are not touched.
    expect(rows(db, 'SELECT name, owner_id, preferred_locale FROM guilds')).toEqual([{ name: 'Real Name', owner_id: ALICE, preferred_locale: 'de' }]);
    expect(rows(db, 'SELECT display_name, joined_at FROM members WHERE user_id = ?', BOB)).toEqual([{ display_name: 'Bobby', joined_at: 5 }]);
    // The reply to the live message still credits its author.
    expect(rows(db, `SELECT to_id FROM member_relations WHERE kind = 'reply' AND message_id = ?`, M2)).toEqual([{ to_id: ALICE }]);
  });

  it('GIVEN a direct-message export THEN it is refused', () => {
    const dm = JSON.parse(readFileSync(JSON_EXPORT, 'utf8')) as { channel: { type: string } };
    dm.channel.type = 'DirectTextChat';
    const path = writeFile(db.dir, 'dm.json', JSON.stringify(dm));
    expect(() => importPath(db, path, { now: clock() })).toThrow(/direct-message export/);
  });
});

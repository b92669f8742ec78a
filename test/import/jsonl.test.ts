import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPath } from '../../src/ingest/import/index.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';
import { clock, dumpAll, fixture, NOW, rows, writeFile } from './helpers.js';

const JSONL = fixture('events.jsonl');
const GUILD = '600000000000000002';
const OTHER_GUILD = '600000000000000003';
const ALICE = '111111111111111111';
const BOB = '222222222222222222';
const BOT = '999999999999999999';
const GENERAL = '700000000000000101';
const FORUM = '700000000000000102';
const THREAD = '700000000000000103';

describe('importPath: attune JSONL', () => {
  let db: TempDb;
  beforeEach(() => {
    db = createTempDb();
  });
  afterEach(() => db.dispose());

  it('GIVEN every record kind THEN each lands in its table, thread messages under the thread parent', () => {
    const summary = importPath(db, JSONL, { now: clock(), keepContent: true });
    expect(summary).toMatchObject({ format: 'jsonl', guilds: 2, channels: 3, members: 4, posts: 4, reactions: 2, tallies: 0, skipped: { total: 0 } });

    // A guild only referenced is created with its id as name.
    expect(rows(db, 'SELECT id, name, joined_at FROM guilds ORDER BY id')).toEqual([
      { id: GUILD, name: 'JSONL Guild', joined_at: NOW },
      { id: OTHER_GUILD, name: OTHER_GUILD, joined_at: NOW },
    ]);
    expect(rows(db, 'SELECT guild_id, user_id, username, is_bot, joined_at FROM members ORDER BY guild_id, user_id')).toEqual([
      { guild_id: GUILD, user_id: ALICE, username: 'alice', is_bot: 0, joined_at: Date.parse('2024-01-01T00:00:00Z') },
      { guild_id: GUILD, user_id: BOB, username: 'bob', is_bot: 0, joined_at: null },
      { guild_id: GUILD, user_id: BOT, username: 'helper-bot', is_bot: 1, joined_at: Date.parse('2024-01-02T00:00:00Z') },
      { guild_id: OTHER_GUILD, user_id: ALICE, username: 'alice', is_bot: 0, joined_at: null },
    ]);
    expect(rows(db, 'SELECT id, parent_id, name, kind, nsfw FROM channels ORDER BY id')).toEqual([
      { id: GENERAL, parent_id: null, name: 'general', kind: 'text', nsfw: 0 },
      { id: FORUM, parent_id: '700000000000000100', name: 'questions', kind: 'forum', nsfw: 1 },
      { id: THREAD, parent_id: FORUM, name: 'How to X?', kind: 'public_thread', nsfw: 0 },
    ]);
    expect(rows(db, 'SELECT id, channel_id, thread_id, author_id, author_is_bot, created_at, reply_to_id, reply_to_author_id, attachment_count, content, source FROM posts ORDER BY created_at')).toEqual([
      { id: '800000000000000101', channel_id: GENERAL, thread_id: null, author_id: ALICE, author_is_bot: 0, created_at: Date.parse('2024-02-01T09:00:00Z'), reply_to_id: null, reply_to_author_id: null, attachment_count: 1, content: 'hello @bob', source: 'import' },
      { id: '800000000000000102', channel_id: FORUM, thread_id: THREAD, author_id: BOB, author_is_bot: 0, created_at: Date.parse('2024-02-01T09:05:00.250Z'), reply_to_id: null, reply_to_author_id: null, attachment_count: 0, content: 'How do I do X?', source: 'import' },
      { id: '800000000000000103', channel_id: FORUM, thread_id: THREAD, author_id: ALICE, author_is_bot: 0, created_at: Date.parse('2024-02-01T09:06:00Z'), reply_to_id: '800000000000000102', reply_to_author_id: BOB, attachment_count: 0, content: null, source: 'import' },
      // The author is a bot by its member record.
      { id: '800000000000000104', channel_id: GENERAL, thread_id: null, author_id: BOT, author_is_bot: 1, created_at: Date.parse('2024-02-01T11:00:00Z'), reply_to_id: '800000000000000101', reply_to_author_id: ALICE, attachment_count: 0, content: 'beep', source: 'import' },
    ]);
    expect(rows(db, 'SELECT message_id, user_id, emoji, emoji_name, at FROM reactions ORDER BY message_id')).toEqual([
      { message_id: '800000000000000101', user_id: BOB, emoji: '900000000000000001', emoji_name: null, at: Date.parse('2024-02-01T09:20:00Z') },
      { message_id: '800000000000000102', user_id: ALICE, emoji: '👍', emoji_name: '👍', at: Date.parse('2024-02-01T09:10:00Z') },
    ]);
    expect(rows(db, 'SELECT message_id, user_id FROM mentions ORDER BY message_id')).toEqual([
      { message_id: '800000000000000101', user_id: BOB },
      { message_id: '800000000000000104', user_id: ALICE },
    ]);
    expect(rows(db, `SELECT kind, from_id, to_id FROM member_relations ORDER BY kind, from_id`)).toEqual([
      { kind: 'co_thread', from_id: ALICE, to_id: BOB },
      { kind: 'mention', from_id: ALICE, to_id: BOB },
      { kind: 'reaction', from_id: ALICE, to_id: BOB },
      { kind: 'reaction', from_id: BOB, to_id: ALICE },
      { kind: 'reply', from_id: ALICE, to_id: BOB },
    ]);
  });

  it('GIVEN the same file imported twice THEN the second import changes no row', () => {
    importPath(db, JSONL, { now: clock() });
    const once = dumpAll(db);
    const again = importPath(db, JSONL, { now: clock(NOW + 60_000) });
    expect(dumpAll(db)).toEqual(once);
    expect(again.added).toEqual({ guilds: 0, channels: 0, members: 0, posts: 0, reactions: 0, tallies: 0 });
  });

  it('GIVEN channels known from an earlier import THEN messages may refer to them; a changed declaration updates them', () => {
    importPath(db, JSONL, { now: clock() });
    const later = [
      JSON.stringify({ type: 'message', guild: GUILD, channel: THREAD, id: '800000000000000201', author: BOB, at: '2024-03-01T00:00:00Z', reply_to: null, mentions: [], content: 'later' }),
      JSON.stringify({ type: 'reaction', guild: GUILD, channel: GENERAL, message: '800000000000000101', user: ALICE, emoji: '🎉', at: '2024-03-01T00:00:00Z' }),
      JSON.stringify({ type: 'channel', guild: GUILD, id: GENERAL, name: 'general-chat', kind: 'text', parent: null }),
      JSON.stringify({ type: 'member', guild: GUILD, id: BOB, name: 'bobby', joined_at: '2024-01-05T00:00:00Z' }),
    ].join('\n');
    importPath(db, writeFile(db.dir, 'later.jsonl', later), { now: clock(NOW + 1) });
    expect(rows(db, 'SELECT channel_id, thread_id FROM posts WHERE id = ?', '800000000000000201')).toEqual([{ channel_id: FORUM, thread_id: THREAD }]);
    expect(rows(db, 'SELECT COUNT(*) AS n FROM reactions WHERE message_id = ?', '800000000000000101')).toEqual([{ n: 2 }]);
    expect(rows(db, 'SELECT name, updated_at FROM channels WHERE id = ?', GENERAL)).toEqual([{ name: 'general-chat', updated_at: NOW + 1 }]);
    expect(rows(db, 'SELECT username, joined_at FROM members WHERE guild_id = ? AND user_id = ?', GUILD, BOB)).toEqual([
      { username: 'bobby', joined_at: Date.parse('2024-01-05T00:00:00Z') },
    ]);
    // Unchanged declarations write nothing, so their write time stays.
    expect(rows(db, 'SELECT updated_at FROM channels WHERE id = ?', FORUM)).toEqual([{ updated_at: NOW }]);
  });

  it('GIVEN the example in JSONL.md THEN it imports as the document says', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../src/ingest/import/JSONL.md', import.meta.url)), 'utf8');
    const example = /```jsonl\n([\s\S]*?)```/.exec(doc)![1]!;
    const summary = importPath(db, writeFile(db.dir, 'example.jsonl', example), { now: clock() });
    expect(summary).toMatchObject({ guilds: 1, channels: 1, members: 2, posts: 2, reactions: 1 });
    expect(rows(db, `SELECT kind, from_id, to_id FROM member_relations ORDER BY kind`)).toEqual([
      { kind: 'mention', from_id: '111111111111111111', to_id: '222222222222222222' },
      { kind: 'reaction', from_id: '222222222222222222', to_id: '111111111111111111' },
      { kind: 'reply', from_id: '222222222222222222', to_id: '111111111111111111' },
    ]);
  });
});

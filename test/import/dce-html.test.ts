import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportError, importPath } from '../../src/ingest/import/index.js';
import { snowflakeToTime } from '../../src/ingest/records.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';
import { clock, dumpAll, fixture, NOW, rows, writeFile } from './helpers.js';

const HTML = fixture('Fixture Guild - Text Channels - lounge [700000000000000031].html');
const GUILD = '600000000000000031';
const CHANNEL = '700000000000000031';
const ALICE = '111111111111111111';
const BOB = '222222222222222222';
const BOT = '999999999999999999';
const M1 = '1213000000000000001';
const M2 = '1213000000004194304';
const M3 = '1213000503316480000';
const M4 = '1213000754974720000';

describe('importPath: DiscordChatExporter HTML', () => {
  let db: TempDb;
  beforeEach(() => {
    db = createTempDb();
  });
  afterEach(() => db.dispose());

  it('GIVEN the fixture export THEN messages, authors, replies, mentions and reaction counts are stored as the markup says', () => {
    const summary = importPath(db, HTML, { now: clock(), keepContent: true });
    expect(summary).toMatchObject({
      format: 'dce-html',
      guilds: 1,
      channels: 1,
      members: 3,
      posts: 4,
      reactions: 0,
      tallies: 2,
      added: { guilds: 1, channels: 1, members: 3, posts: 4, reactions: 0, tallies: 2 },
      skipped: { total: 1, reasons: { 'system message (join, pin, thread start...)': 1 } },
    });
    // The guild's id is in its icon's URL; the channel's in DCE's file name.
    expect(summary.invented).toBeUndefined();
    expect(rows(db, 'SELECT id, name FROM guilds')).toEqual([{ id: GUILD, name: 'Fixture Guild' }]);
    expect(rows(db, 'SELECT id, guild_id, parent_id, name, kind FROM channels')).toEqual([
      { id: CHANNEL, guild_id: GUILD, parent_id: null, name: 'lounge', kind: 'text' },
    ]);

    expect(rows(db, 'SELECT id, channel_id, thread_id, author_id, author_is_bot, created_at, reply_to_id, reply_to_author_id, attachment_count, content FROM posts ORDER BY id')).toEqual([
      // The time is the id's: exact, whatever date format the export was rendered in.
      { id: M1, channel_id: CHANNEL, thread_id: null, author_id: ALICE, author_is_bot: 0, created_at: snowflakeToTime(M1), reply_to_id: null, reply_to_author_id: null, attachment_count: 1, content: 'Welcome, everyone & hi 👋' },
      // The second message of a group has no header: it is the group's author's.
      { id: M2, channel_id: CHANNEL, thread_id: null, author_id: ALICE, author_is_bot: 0, created_at: snowflakeToTime(M2), reply_to_id: null, reply_to_author_id: null, attachment_count: 0, content: 'second line from alice' },
      { id: M3, channel_id: CHANNEL, thread_id: null, author_id: BOB, author_is_bot: 0, created_at: snowflakeToTime(M3), reply_to_id: M1, reply_to_author_id: ALICE, attachment_count: 0, content: 'thanks @Alice A. and @everyone' },
      // An embed's text is not the message's.
      { id: M4, channel_id: CHANNEL, thread_id: null, author_id: BOT, author_is_bot: 1, created_at: snowflakeToTime(M4), reply_to_id: null, reply_to_author_id: null, attachment_count: 0, content: 'Reminder: be nice, @bob' },
    ]);
    // Mentions resolve by full name to authors seen earlier: not @everyone, not a name in the reply's preview.
    expect(rows(db, 'SELECT message_id, user_id FROM mentions ORDER BY message_id')).toEqual([
      { message_id: M3, user_id: ALICE },
      { message_id: M4, user_id: BOB },
    ]);
    // Counts only (the markup does not say who reacted); a custom emoji by the id in its image's URL.
    expect(rows(db, 'SELECT message_id, emoji, count FROM reaction_tallies ORDER BY emoji')).toEqual([
      { message_id: M1, emoji: '900000000000000077', count: 2 },
      { message_id: M1, emoji: '👍', count: 3 },
    ]);
    expect(rows(db, 'SELECT user_id, username, display_name, is_bot FROM members ORDER BY user_id')).toEqual([
      { user_id: ALICE, username: 'alice', display_name: 'Alice A.', is_bot: 0 },
      { user_id: BOB, username: 'bob', display_name: null, is_bot: 0 },
      { user_id: BOT, username: 'helper-bot', display_name: null, is_bot: 1 },
    ]);
  });

  it('GIVEN the same export imported twice THEN the second import changes no row', () => {
    importPath(db, HTML, { now: clock() });
    const once = dumpAll(db);
    const again = importPath(db, HTML, { now: clock(NOW + 3_600_000) });
    expect(dumpAll(db)).toEqual(once);
    expect(again.added).toEqual({ guilds: 0, channels: 0, members: 0, posts: 0, reactions: 0, tallies: 0 });
  });

  it('GIVEN a forum post exported under a name DCE did not give it THEN ids are invented and reported, and its messages are the thread’s', () => {
    const text = readFileSync(HTML, 'utf8')
      .replace('Text Channels / lounge', 'help-forum / How do I X?')
      .replace(/https:\/\/cdn\.discordapp\.com\/icons\/\d+\/[^"]+/, 'https://cdn.discordapp.com/embed/avatars/0.png');
    const summary = importPath(db, writeFile(db.dir, 'post.html', text), { now: clock(), channelId: M1 });
    // The first message has the thread's id: a forum post.
    const guild = summary.invented?.guildId;
    expect(guild).toMatch(/^\d{17,20}$/);
    expect(summary.invented).toEqual({ guildId: guild });
    const channels = rows<{ id: string; parent_id: string | null; name: string; kind: string }>(db, 'SELECT id, parent_id, name, kind FROM channels ORDER BY kind');
    expect(channels).toEqual([
      { id: expect.stringMatching(/^\d{17,20}$/), parent_id: null, name: 'help-forum', kind: 'forum' },
      { id: M1, parent_id: channels[0]!.id, name: 'How do I X?', kind: 'public_thread' },
    ]);
    expect(rows(db, 'SELECT DISTINCT channel_id, thread_id FROM posts')).toEqual([{ channel_id: channels[0]!.id, thread_id: M1 }]);
  });

  it('GIVEN a message container whose id or author cannot be read THEN the import is refused naming its line', () => {
    const text = readFileSync(HTML, 'utf8').replace('class="chatlog__author" title="bob" data-user-id="222222222222222222"', 'class="chatlog__author" title="bob" data-user-id="bob"').replace('data-message-id="1213000754974720000"', 'data-message-id="x"');
    const lineOf = (needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;
    let error: unknown;
    try {
      importPath(db, writeFile(db.dir, 'Fixture Guild - Text Channels - lounge [700000000000000031].html', text), { now: clock() });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).issues).toEqual([
      expect.objectContaining({ line: lineOf('id="chatlog__message-container-1213000503316480000"'), message: expect.stringMatching(/^authorId: expected a Discord id/) }),
      expect.objectContaining({ line: lineOf('id="chatlog__message-container-1213000754974720000"'), message: expect.stringMatching(/^id: expected a Discord id/) }),
    ]);
    expect(rows(db, 'SELECT COUNT(*) AS n FROM posts')).toEqual([{ n: 0 }]);
  });
});

import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPath } from '../../src/ingest/import/index.js';
import { snowflakeToTime } from '../../src/ingest/records.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';
import { clock, dumpAll, fixture, NOW, rows, writeFile } from './helpers.js';

const CSV = fixture('Fixture Guild - Text Channels - general [700000000000000001].csv');
const ALICE = '111111111111111111';
const BOB = '222222222222222222';
const CAROL = '333333333333333333';
const CHANNEL = '700000000000000001';

interface PostRow {
  id: string;
  guild_id: string;
  channel_id: string;
  thread_id: string | null;
  author_id: string;
  created_at: number;
  attachment_count: number;
  content: string;
  source: string;
}

describe('importPath: DiscordChatExporter CSV', () => {
  let db: TempDb;
  beforeEach(() => {
    db = createTempDb();
  });
  afterEach(() => db.dispose());

  it('GIVEN the fixture export THEN posts, members, tallies and mentions are stored as the file says', () => {
    const summary = importPath(db, CSV, { now: clock(), keepContent: true });

    expect(summary).toMatchObject({
      format: 'dce-csv',
      guilds: 1,
      channels: 1,
      members: 3,
      posts: 6,
      reactions: 0,
      tallies: 5,
      added: { guilds: 1, channels: 1, members: 3, posts: 6, reactions: 0, tallies: 5 },
      skipped: { total: 1 },
      dateFormat: 'dd-MMM-yy hh:mm tt',
      warnings: [],
    });
    const posts = rows<PostRow>(db, 'SELECT * FROM posts ORDER BY created_at, id');
    expect(posts).toHaveLength(6);

    // The guild comes from DCE's file name (no id there, so a synthetic one); the channel id too.
    const [guild] = rows<{ id: string; name: string }>(db, 'SELECT id, name FROM guilds');
    expect(guild!.name).toBe('Fixture Guild');
    expect(rows(db, 'SELECT id, guild_id, name, kind, parent_id FROM channels')).toEqual([
      { id: CHANNEL, guild_id: guild!.id, name: 'general', kind: 'text', parent_id: null },
    ]);
    for (const post of posts) {
      expect(post).toMatchObject({ guild_id: guild!.id, channel_id: CHANNEL, thread_id: null, source: 'import' });
      // The synthetic message id carries the message's time.
      expect(snowflakeToTime(post.id)).toBe(post.created_at);
    }

    // Multi-line content with doubled quotes and an emoji, exactly.
    expect(posts[0]!.content).toBe('Welcome to the channel!\n\nSay "hi" below 👋');
    expect(posts[0]!.created_at).toBe(Date.UTC(2019, 8, 24, 16, 47));
    expect(posts[5]!.content).toBe('```\ncode; with "quotes"\n```\nthanks @Carol 🌸!');
    expect(posts[5]!.created_at).toBe(Date.UTC(2019, 8, 25, 12, 30));

    // Two identical rows (same author, minute and text) stay two messages.
    const agrees = posts.filter((p) => p.content === 'I agree');
    expect(agrees).toHaveLength(2);
    expect(agrees[0]!.id).not.toBe(agrees[1]!.id);

    const bobHi = posts.find((p) => p.content.startsWith('hi @alice'))!;
    const carols = posts.find((p) => p.author_id === CAROL)!;
    expect(bobHi.attachment_count).toBe(1);
    expect(carols.attachment_count).toBe(2);
    expect(posts[0]!.attachment_count).toBe(0);

    // @alice (name of alice#1234), @alice#1234 and @Carol 🌸 resolve; @Community Moderator and @bobby do not.
    const mentions = rows<{ message_id: string; user_id: string }>(db, 'SELECT message_id, user_id FROM mentions');
    expect(mentions).toEqual(
      expect.arrayContaining([
        { message_id: bobHi.id, user_id: ALICE },
        { message_id: carols.id, user_id: ALICE },
        { message_id: carols.id, user_id: BOB },
        { message_id: posts[5]!.id, user_id: CAROL },
      ]),
    );
    expect(mentions).toHaveLength(4);

    const tallies = rows(db, 'SELECT message_id, emoji, count FROM reaction_tallies ORDER BY message_id, emoji');
    expect(tallies).toEqual(
      expect.arrayContaining([
        { message_id: posts[0]!.id, emoji: '👏', count: 4 },
        { message_id: posts[0]!.id, emoji: '💯', count: 1 },
        { message_id: bobHi.id, emoji: 'troll', count: 2 },
        { message_id: posts[5]!.id, emoji: '3040_suspepe', count: 3 },
        { message_id: posts[5]!.id, emoji: 'troll', count: 1 },
      ]),
    );
    expect(rows(db, 'SELECT COUNT(*) AS n FROM reactions')).toEqual([{ n: 0 }]);

    expect(rows(db, 'SELECT user_id, username, display_name, is_bot, joined_at FROM members ORDER BY user_id')).toEqual([
      { user_id: ALICE, username: 'alice', display_name: null, is_bot: 0, joined_at: null },
      { user_id: BOB, username: 'bob', display_name: null, is_bot: 0, joined_at: null },
      { user_id: CAROL, username: 'Carol 🌸', display_name: null, is_bot: 0, joined_at: null },
    ]);
    // The "Pinned a message." row is a system message, not a post.
    expect(summary.skipped.reasons).toEqual({ 'system message (pin, join, thread start...)': 1 });
    expect(posts.some((p) => p.content === 'Pinned a message.')).toBe(false);
  });

  it('GIVEN the same CSV imported twice THEN the second import changes no row', () => {
    importPath(db, CSV, { now: clock() });
    const once = dumpAll(db);
    const again = importPath(db, CSV, { now: clock(NOW + 86_400_000) });
    expect(dumpAll(db)).toEqual(once);
    expect(again.added).toEqual({ guilds: 0, channels: 0, members: 0, posts: 0, reactions: 0, tallies: 0 });
    expect(again.posts).toBe(6);
  });

  it('GIVEN CRLF line endings THEN the same rows as with LF', () => {
    importPath(db, CSV, { now: clock() });
    const lf = dumpAll(db);
    const other = createTempDb();
    try {
      // DCE on Windows ends records with CRLF; newlines inside content stay Discord's LF.
      const text = readFileSync(CSV, 'utf8').replace(/;\n/g, ';\r\n');
      expect(text).toContain(';\r\n');
      importPath(other, writeFile(other.dir, 'Fixture Guild - Text Channels - general [700000000000000001].csv', text), { now: clock() });
      expect(dumpAll(other)).toEqual(lf);
    } finally {
      other.dispose();
    }
  });

  it('GIVEN a newer comma-separated export with en-US dates and options THEN ids and names come from the options and the offset applies', () => {
    const summary = importPath(db, fixture('en-us-comma.csv'), {
      guildId: '600000000000000009',
      guildName: 'Options Guild',
      channelId: '700000000000000009',
      channelName: 'from-options',
      utcOffsetMinutes: 120,
      keepContent: true,
      now: clock(),
    });
    expect(summary.dateFormat).toBe('M/d/yyyy h:mm tt');
    expect(rows(db, 'SELECT id, name FROM guilds')).toEqual([{ id: '600000000000000009', name: 'Options Guild' }]);
    expect(rows(db, 'SELECT id, name FROM channels')).toEqual([{ id: '700000000000000009', name: 'from-options' }]);
    expect(rows(db, 'SELECT author_id, created_at, content FROM posts ORDER BY created_at')).toEqual([
      // 12:00 AM at UTC+2 is 22:00 UTC the day before.
      { author_id: BOB, created_at: Date.UTC(2019, 8, 23, 22, 0), content: 'midnight, "quoted"' },
      { author_id: ALICE, created_at: Date.UTC(2019, 8, 24, 14, 47), content: 'hello, world' },
    ]);
    expect(rows(db, 'SELECT emoji, count FROM reaction_tallies')).toEqual([{ emoji: '🎉', count: 2 }]);
  });

  it('GIVEN no options and a file name DCE did not make THEN guild and channel ids are synthetic and stable', () => {
    const path = writeFile(db.dir, 'export.csv', readFileSync(fixture('en-us-comma.csv'), 'utf8'));
    const summary = importPath(db, path, { now: clock() });
    const guilds = rows<{ id: string; name: string }>(db, 'SELECT id, name FROM guilds');
    const channels = rows<{ id: string; name: string }>(db, 'SELECT id, name FROM channels');
    expect(guilds).toHaveLength(1);
    // Unknown guild name: the id stands in for it (a later import that knows the name replaces it).
    expect(guilds[0]!.name).toBe(guilds[0]!.id);
    expect(channels).toEqual([{ id: expect.stringMatching(/^\d+$/), name: 'export' }]);
    // Invented ids look like Discord's (commands accept them), and the summary says what they are.
    expect(channels[0]!.id).toMatch(/^\d{17,20}$/);
    expect(summary.invented).toEqual({ guildId: guilds[0]!.id, channelId: channels[0]!.id });

    const other = createTempDb();
    try {
      importPath(other, writeFile(other.dir, 'export.csv', readFileSync(fixture('en-us-comma.csv'), 'utf8')), { now: clock() });
      expect(rows(other, 'SELECT id FROM channels')).toEqual([{ id: channels[0]!.id }]);
      expect(rows(other, 'SELECT id FROM posts ORDER BY id')).toEqual(rows(db, 'SELECT id FROM posts ORDER BY id'));
    } finally {
      other.dispose();
    }
  });

  it('GIVEN dates that read two ways THEN the import warns, and an explicit format decides', () => {
    const text = 'AuthorID;Author;Date;Content;Attachments;Reactions;\n"1000000000000001";"ann";"03/04/2020 10:15 AM";"hi";"";"";\n';
    const path = writeFile(db.dir, 'ambiguous.csv', text);
    const auto = importPath(db, path, { now: clock() });
    expect(auto.dateFormat).toBe('M/d/yyyy h:mm tt');
    expect(auto.warnings).toEqual([expect.stringContaining('d/M/yyyy h:mm tt')]);
    expect(rows(db, 'SELECT created_at FROM posts')).toEqual([{ created_at: Date.UTC(2020, 2, 4, 10, 15) }]);

    const other = createTempDb();
    try {
      const explicit = importPath(other, writeFile(other.dir, 'ambiguous.csv', text), { dateFormat: 'dd/MM/yyyy hh:mm tt', now: clock() });
      expect(explicit.warnings).toEqual([]);
      expect(rows(other, 'SELECT created_at FROM posts')).toEqual([{ created_at: Date.UTC(2020, 3, 3, 10, 15) }]);
    } finally {
      other.dispose();
    }
  });

  it('GIVEN ISO dates with offsets THEN they are honoured', () => {
    const text = [
      'AuthorID;Author;Date;Content;Attachments;Reactions;',
      '"1000000000000001";"ann";"2024-05-01T10:00:00.500+02:00";"a";"";"";',
      '"1000000000000001";"ann";"2024-05-01 10:00";"b";"";"";',
      '',
    ].join('\n');
    const summary = importPath(db, writeFile(db.dir, 'iso.csv', text), { now: clock(), keepContent: true });
    expect(summary.dateFormat).toBe('iso');
    expect(rows(db, 'SELECT content, created_at FROM posts ORDER BY content')).toEqual([
      { content: 'a', created_at: Date.UTC(2024, 4, 1, 8, 0, 0, 500) },
      { content: 'b', created_at: Date.UTC(2024, 4, 1, 10, 0) },
    ]);
  });
});

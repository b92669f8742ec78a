/**
 * The streaming import: written batch by batch inside the file's one transaction, yet all or nothing; message text
 * as the content setting says; threads with more participants than the partner limit re-imported without change.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CO_THREAD_PARTNER_LIMIT } from '../../src/db/queries/ingest.js';
import { ImportError, importPath } from '../../src/ingest/import/index.js';
import { IMPORT_BATCH_SIZE, PROGRESS_EVERY } from '../../src/ingest/import/sink.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';
import { clock, dumpAll, NOW, rowCounts, rows, writeFile } from './helpers.js';

const GUILD = '600000000000000002';
const CHANNEL = '700000000000000101';
const FORUM = '700000000000000102';
const THREAD = '700000000000000103';
const DAY = 86_400_000;

const line = (record: object) => JSON.stringify(record);
const user = (n: number) => String(100000000000000000n + BigInt(n));
const messageId = (n: number) => String(800000000000000000n + BigInt(n));

function header(): string[] {
  return [
    line({ type: 'guild', id: GUILD, name: 'Stream Guild' }),
    line({ type: 'channel', guild: GUILD, id: CHANNEL, name: 'general', kind: 'text', parent: null }),
    line({ type: 'channel', guild: GUILD, id: FORUM, name: 'help', kind: 'forum', parent: null }),
    line({ type: 'channel', guild: GUILD, id: THREAD, name: 'big thread', kind: 'thread', parent: FORUM }),
  ];
}

function message(n: number, options: { channel?: string; author?: string; at: number; content?: string | null }): string {
  return line({
    type: 'message',
    guild: GUILD,
    channel: options.channel ?? CHANNEL,
    id: messageId(n),
    author: options.author ?? user(n % 7),
    at: new Date(options.at).toISOString(),
    reply_to: n > 1 ? messageId(n - 1) : null,
    mentions: [],
    content: options.content === undefined ? `message ${n}` : options.content,
  });
}

describe('streaming import', () => {
  let db: TempDb;
  beforeEach(() => {
    db = createTempDb();
  });
  afterEach(() => db.dispose());

  it('GIVEN a file of several write batches whose last line is bad THEN nothing at all is written and the line is named', () => {
    const count = IMPORT_BATCH_SIZE * 2 + 10;
    const lines = header();
    for (let n = 1; n <= count; n++) lines.push(message(n, { at: NOW - DAY + n * 1000 }));
    lines.push(line({ type: 'reaction', guild: GUILD, channel: CHANNEL, message: '899999999999999999', user: user(1), emoji: '👍', at: new Date(NOW).toISOString() }));
    const path = writeFile(db.dir, 'big.jsonl', `${lines.join('\n')}\n`);
    const before = rowCounts(db);

    let error: unknown;
    try {
      importPath(db, path, { now: clock() });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).issues).toEqual([
      expect.objectContaining({ line: lines.length, message: expect.stringContaining('message 899999999999999999 is not declared earlier') }),
    ]);
    expect(rowCounts(db)).toEqual(before);
  });

  it('GIVEN several batches THEN every message is written once, replies find their authors, and progress is reported', () => {
    const count = Math.max(IMPORT_BATCH_SIZE * 2, PROGRESS_EVERY) + 10;
    const lines = header();
    for (let n = 1; n <= count; n++) lines.push(message(n, { at: NOW - DAY + n * 1000 }));
    const path = writeFile(db.dir, 'big.jsonl', `${lines.join('\n')}\n`);
    const progress: number[] = [];
    const summary = importPath(db, path, { now: clock(), onProgress: (p) => progress.push(p.messages) });
    expect(summary.added.posts).toBe(count);
    expect(rows(db, 'SELECT COUNT(*) AS n FROM posts WHERE reply_to_id IS NOT NULL AND reply_to_author_id IS NULL')).toEqual([{ n: 0 }]);
    // Every few thousand messages, and once at the end with the whole count.
    expect(progress.at(-1)).toBe(count);
    expect(progress.length).toBeGreaterThan(1);
  });

  it('GIVEN the content setting is off THEN no text is stored; on, only text younger than the retention', () => {
    const lines = [...header(), message(1, { at: NOW - 40 * DAY, content: 'old words' }), message(2, { at: NOW - DAY, content: 'new words' })];
    const path = writeFile(db.dir, 'text.jsonl', `${lines.join('\n')}\n`);
    importPath(db, path, { now: clock() });
    expect(rows(db, 'SELECT id, content FROM posts ORDER BY id')).toEqual([
      { id: messageId(1), content: null },
      { id: messageId(2), content: null },
    ]);

    const other = createTempDb();
    try {
      importPath(other, path, { now: clock(), keepContent: true, contentRetentionDays: 30 });
      expect(rows(other, 'SELECT id, content FROM posts ORDER BY id')).toEqual([
        { id: messageId(1), content: null },
        { id: messageId(2), content: 'new words' },
      ]);
    } finally {
      other.dispose();
    }
  });

  it(`GIVEN a thread with more than ${CO_THREAD_PARTNER_LIMIT} participants imported twice THEN the second import changes no row`, () => {
    const lines = header();
    const members = CO_THREAD_PARTNER_LIMIT + 20;
    for (let m = 0; m < members; m++) lines.push(message(m + 1, { channel: THREAD, author: user(m), at: NOW - DAY + m * 60_000 }));
    const path = writeFile(db.dir, 'thread.jsonl', `${lines.join('\n')}\n`);
    importPath(db, path, { now: clock() });
    const links = rows<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM thread_co_participation')[0]!.n;
    // Each newcomer is linked with the limit's number of most recent posters: the first and the last never meet.
    const expected = Array.from({ length: members }, (_, m) => Math.min(m, CO_THREAD_PARTNER_LIMIT)).reduce((a, b) => a + b, 0);
    expect(links).toBe(expected);
    const once = dumpAll(db);
    const again = importPath(db, path, { now: clock(NOW + DAY) });
    expect(dumpAll(db)).toEqual(once);
    expect(again.added).toEqual({ guilds: 0, channels: 0, members: 0, posts: 0, reactions: 0, tallies: 0 });
  });

  it('GIVEN a member declared a bot after their messages THEN the line is refused', () => {
    const lines = [
      ...header(),
      message(1, { author: user(1), at: NOW - DAY }),
      line({ type: 'member', guild: GUILD, id: user(1), name: 'late-bot', joined_at: null, bot: true }),
    ];
    expect(() => importPath(db, writeFile(db.dir, 'late.jsonl', `${lines.join('\n')}\n`), { now: clock() })).toThrow(
      /:6: member: member 100000000000000001 is declared a bot after their activity on line 5/,
    );
  });
});

import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportError, importPath } from '../../src/ingest/import/index.js';
import { splitLines } from '../../src/ingest/import/file-source.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';
import { clock, fixture, rowCounts, writeFile } from './helpers.js';

const G = '600000000000000002';
const line = (record: Record<string, unknown>) => JSON.stringify(record);
const channel = line({ type: 'channel', guild: G, id: '700000000000000101', name: 'general', kind: 'text', parent: null });
const message = (id: string, extra: Record<string, unknown> = {}) =>
  line({ type: 'message', guild: G, channel: '700000000000000101', id, author: '111111111111111111', at: '2024-02-01T09:00:00Z', reply_to: null, mentions: [], content: 'hi', ...extra });

/** Runs the import expecting an ImportError, and returns it. */
function importFails(db: TempDb, path: string): ImportError {
  try {
    importPath(db, path, { now: clock() });
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return error as ImportError;
  }
  throw new Error('import succeeded');
}

/** Row counts of the freshly migrated database (a migration seeds the opt-out list's version counter). */
let fresh: Record<string, number> = {};

function expectEmpty(db: TempDb): void {
  for (const [table, count] of Object.entries(rowCounts(db))) expect({ table, count }).toEqual({ table, count: fresh[table] });
}

describe('importPath: invalid input writes nothing', () => {
  let db: TempDb;
  beforeEach(() => {
    db = createTempDb();
    fresh = rowCounts(db);
  });
  afterEach(() => db.dispose());

  it('GIVEN JSONL with bad JSON, a missing field, a bad date and an unknown channel THEN every problem is named by line', () => {
    const text = [
      channel,
      message('800000000000000001'),
      '{"type":"message", "guild": ',
      line({ type: 'message', guild: G, channel: '700000000000000101', id: '800000000000000002', at: '2024-02-01T09:00:00Z', reply_to: null, mentions: [], content: 'no author' }),
      message('800000000000000003', { at: '2024-13-45T99:00:00Z' }),
      message('800000000000000004', { channel: '700000000000000999' }),
      line({ type: 'poll', id: '1' }),
      message('800000000000000005', { mentions: ['alice'] }),
      '',
    ].join('\n');
    const path = writeFile(db.dir, 'bad.jsonl', text);
    const error = importFails(db, path);

    expect(error.issues.map((i) => [i.line, i.message])).toEqual([
      [3, expect.stringMatching(/^invalid JSON/)],
      [4, 'message: author: Invalid input: expected string, received undefined'],
      [5, 'message: at: expected an ISO 8601 date-time, got "2024-13-45T99:00:00Z"'],
      [6, 'message: channel 700000000000000999 is not declared earlier in the file and is not in the database'],
      [7, expect.stringContaining('"poll"')],
      [8, 'message: mentions[0]: expected an id: a string of digits'],
    ]);
    expect(error.total).toBe(6);
    for (const issue of error.issues) expect(issue.file).toBe(path);
    expect(error.message).toContain(`${path}:3: invalid JSON`);
    expect(error.message).toContain(`${path}:6: message: channel 700000000000000999`);
    expect(error.message).toMatch(/^import failed with 6 errors; nothing was written/);
    expectEmpty(db);
  });

  it('GIVEN one bad line among good ones THEN nothing at all is written', () => {
    const good = Array.from({ length: 20 }, (_, i) => message(`8000000000000001${String(i).padStart(2, '0')}`));
    const text = [channel, ...good.slice(0, 10), message('800000000000000999', { reply_to: 5 }), ...good.slice(10)].join('\n');
    const error = importFails(db, writeFile(db.dir, 'one-bad.jsonl', text));
    expect(error.issues).toEqual([expect.objectContaining({ line: 12, message: expect.stringContaining('reply_to') })]);
    expectEmpty(db);
  });

  it('GIVEN a reaction to a message not seen yet or one in another channel THEN it is refused', () => {
    const text = [
      channel,
      line({ type: 'reaction', guild: G, channel: '700000000000000101', message: '800000000000000001', user: '2', emoji: '👍', at: '2024-02-01T09:00:00Z' }),
      message('800000000000000001'),
      line({ type: 'channel', guild: G, id: '700000000000000102', name: 'other', kind: 'text', parent: null }),
      line({ type: 'reaction', guild: G, channel: '700000000000000102', message: '800000000000000001', user: '2', emoji: '👍', at: '2024-02-01T09:00:00Z' }),
      line({ type: 'channel', guild: G, id: '700000000000000103', name: 'orphan', kind: 'thread', parent: null }),
      message('800000000000000001'),
    ].join('\n');
    const error = importFails(db, writeFile(db.dir, 'refs.jsonl', text));
    expect(error.issues.map((i) => i.line)).toEqual([2, 5, 6, 7]);
    expect(error.issues[3]!.message).toContain('already appeared on line 3');
    expectEmpty(db);
  });

  it('GIVEN a reply to a message of another guild (earlier in the file, later in it, or stored) THEN it is refused, naming the line', () => {
    const G2 = '600000000000000009';
    const channel2 = line({ type: 'channel', guild: G2, id: '700000000000000901', name: 'elsewhere', kind: 'text', parent: null });
    const inG2 = (id: string) => message(id, { guild: G2, channel: '700000000000000901' });
    // A message of G2 already in the database, from an earlier import.
    importPath(db, writeFile(db.dir, 'g2.jsonl', [channel2, inG2('800000000000000900')].join('\n')), { now: clock() });
    const before = rowCounts(db);
    const text = [
      channel,
      channel2,
      inG2('800000000000000901'),
      message('800000000000000001', { reply_to: '800000000000000901' }),
      message('800000000000000003', { reply_to: '800000000000000900' }),
      message('800000000000000004', { reply_to: '800000000000000001' }),
      // A reply to a message that comes later in the file, in the other guild; and one to a later message of its own.
      message('800000000000000005', { reply_to: '800000000000000902' }),
      message('800000000000000006', { reply_to: '800000000000000007' }),
      message('800000000000000007'),
      inG2('800000000000000902'),
    ].join('\n');
    const error = importFails(db, writeFile(db.dir, 'cross.jsonl', text));
    expect(error.issues.map((i) => [i.line, i.message])).toEqual([
      [4, `message: reply_to: message 800000000000000901 is in guild ${G2}, not ${G}`],
      [5, `message: reply_to: message 800000000000000900 is in guild ${G2}, not ${G}`],
      [7, `message: reply_to: message 800000000000000902 (line 10) is in guild ${G2}, not ${G}`],
    ]);
    expect(rowCounts(db)).toEqual(before);
  });

  it('GIVEN a line longer than a record can be THEN the import error names it, and the lines after it are still checked', () => {
    const text = [channel, message('800000000000000001', { content: 'x'.repeat(5_000) }), message('800000000000000002', { at: 'yesterday' }), message('800000000000000003')].join('\n');
    const path = writeFile(db.dir, 'long.jsonl', text);
    let error: unknown;
    try {
      // Small limit and small chunks: the long line spans several reads, as a 500 MiB one does.
      importPath(db, path, { now: clock(), maxLineChars: 1_000 });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).issues.map((i) => [i.line, i.message])).toEqual([
      [2, expect.stringMatching(/^line of 5\d{3} characters, longer than a record can be/)],
      [3, 'message: at: expected an ISO 8601 date-time, got "yesterday"'],
    ]);
    expectEmpty(db);
  });

  it('GIVEN lines cut across chunks THEN an over-long one is reported with its length and the others are whole', () => {
    const chunks = ['ab\r\ncdefgh', 'ijklmn', 'op\nq', 'r\n', 'xyz'];
    expect([...splitLines(chunks, 5)]).toEqual([
      { line: 1, text: 'ab' },
      { line: 2, text: '', tooLongChars: 14 },
      { line: 3, text: 'qr' },
      { line: 4, text: 'xyz' },
    ]);
  });

  it('GIVEN many bad lines THEN the error lists the first 50 and counts the rest', () => {
    const text = [channel, ...Array.from({ length: 65 }, (_, i) => message(`8000000000000001${String(i).padStart(2, '0')}`, { at: 'yesterday' }))].join('\n');
    const error = importFails(db, writeFile(db.dir, 'many.jsonl', text));
    expect(error.issues).toHaveLength(50);
    expect(error.total).toBe(65);
    expect(error.message).toMatch(/\.\.\. and 15 more$/);
    expect(error.issues[0]!.line).toBe(2);
  });

  it('GIVEN CSV with an unclosed quote, a short row, a bad date and a bad reactions field THEN each is named by line', () => {
    const text = [
      'AuthorID;Author;Date;Content;Attachments;Reactions;',
      '"111111111111111111";"alice";"24-Sep-19 04:47 PM";"fine";"";"";',
      '"111111111111111111";"alice";"24-Sep-19 04:48 PM";"two',
      'lines but one field short";"";',
      '"111111111111111111";"alice";"31-Sep-19 04:48 PM";"no such day";"";"";',
      '"111111111111111111";"alice";"24-Sep-19 04:49 PM";"bad reactions";"";"lots";',
      '"abc";"alice";"24-Sep-19 04:49 PM";"bad author id";"";"";',
      '"111111111111111111";"alice";"24-Sep-19 04:50 PM";"said "hi" unescaped";"";"";',
      '"111111111111111111";"alice";"24-Sep-19 04:51 PM";"never closed;"";"";',
      '',
    ].join('\n');
    const path = writeFile(db.dir, 'bad.csv', text);
    const error = importFails(db, path);
    expect(error.issues.map((i) => [i.line, i.message])).toEqual([
      [3, 'expected 7 fields, found 6'],
      [6, expect.stringMatching(/^Reactions: expected "emoji \(count\)" entries/)],
      [7, 'AuthorID: expected a user id (digits)'],
      [8, expect.stringContaining('text after the closing quote')],
      [9, expect.stringContaining('never closed')],
    ]);
    expectEmpty(db);

    // Once the syntax is right, the impossible date is reported (dates are checked when every row has been read).
    const dates = writeFile(db.dir, 'dates.csv', [text.split('\n')[0], text.split('\n')[1], text.split('\n')[4], ''].join('\n'));
    const dateError = importFails(db, dates);
    expect(dateError.issues).toEqual([
      expect.objectContaining({ message: expect.stringContaining('no known date format reads every Date') }),
      expect.objectContaining({ line: 3, message: 'Date: cannot read "31-Sep-19 04:48 PM" as "dd-MMM-yy hh:mm tt"' }),
    ]);
    expectEmpty(db);
  });

  it('GIVEN a CSV whose header is not DCE\'s THEN it is refused at line 1', () => {
    const error = importFails(db, writeFile(db.dir, 'other.csv', 'id,name\n1,a\n'));
    expect(error.issues).toEqual([expect.objectContaining({ line: 1, message: expect.stringContaining('not a DiscordChatExporter CSV') })]);
  });

  it('GIVEN a date format that reads dates outside Discord\'s lifetime THEN the rows are refused', () => {
    const text = 'AuthorID;Author;Date;Content;Attachments;Reactions;\n"1";"a";"24-09-1919 10:00";"x";"";"";\n';
    const path = writeFile(db.dir, 'old.csv', text);
    let error: unknown;
    try {
      importPath(db, path, { dateFormat: 'dd-MM-yyyy HH:mm', now: clock() });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).issues.some((i) => i.line === 2 && /outside Discord's lifetime/.test(i.message))).toBe(true);
  });

  it('GIVEN DCE JSON with invalid messages THEN each problem is named by its JSON path', () => {
    const doc = JSON.parse(readFileSync(fixture('thread-export.json'), 'utf8')) as { messages: Record<string, unknown>[] };
    delete (doc.messages[1]!.author as Record<string, unknown>).id;
    doc.messages[3]!.timestamp = 'last tuesday';
    doc.messages[4]!.reactions = [{ emoji: { id: '', name: '👍' }, count: -1 }];
    const text = JSON.stringify(doc, null, 2);
    const path = writeFile(db.dir, 'bad.json', text);
    const error = importFails(db, path);
    // Each problem also names the line its message starts on (the line before its id: "id" is its first key).
    const lineOf = (id: string) => text.split('\n').findIndex((line) => line.includes(`"id": "${id}"`));
    expect(error.issues.map((i) => i.line)).toEqual([lineOf('800000000000000002'), lineOf('800000000000000004'), lineOf('800000000000000005')]);
    expect(error.issues.map((i) => [i.path, i.message])).toEqual([
      ['messages[1].author.id', 'Invalid input: expected string, received undefined (message 800000000000000002)'],
      ['messages[3].timestamp', 'expected an ISO 8601 date-time, got "last tuesday" (message 800000000000000004)'],
      ['messages[4].reactions[0].count', 'Too small: expected number to be >=0 (message 800000000000000005)'],
    ]);
    expect(error.message).toContain(`${path}:${lineOf('800000000000000002')}: messages[1].author.id: Invalid input`);
    expectEmpty(db);
  });

  it('GIVEN DCE JSON replying to a message stored in another guild THEN it is refused, naming the message\'s path', () => {
    const G2 = '600000000000000009';
    importPath(db, writeFile(db.dir, 'g2.jsonl', [
      line({ type: 'channel', guild: G2, id: '700000000000000901', name: 'elsewhere', kind: 'text', parent: null }),
      message('800000000000000900', { guild: G2, channel: '700000000000000901' }),
    ].join('\n')), { now: clock() });
    const before = rowCounts(db);
    const doc = JSON.parse(readFileSync(fixture('thread-export.json'), 'utf8')) as { messages: Record<string, unknown>[] };
    doc.messages[4]!.reference = { messageId: '800000000000000900', channelId: '700000000000000901', guildId: G2 };
    const error = importFails(db, writeFile(db.dir, 'cross.json', JSON.stringify(doc, null, 2)));
    expect(error.issues.map((i) => [i.path, i.message])).toEqual([
      ['messages[4].reference.messageId', `reply to message 800000000000000900 of guild ${G2}, not 600000000000000001 (message 800000000000000005)`],
    ]);
    expect(rowCounts(db)).toEqual(before);
  });

  it('GIVEN truncated DCE JSON THEN the syntax error names a line', () => {
    const text = readFileSync(fixture('thread-export.json'), 'utf8');
    const cut = text.slice(0, text.indexOf('"messages"') + 40);
    const error = importFails(db, writeFile(db.dir, 'cut.json', cut));
    expect(error.issues).toEqual([expect.objectContaining({ line: expect.any(Number), message: expect.stringMatching(/^invalid JSON/) })]);
    expectEmpty(db);
  });

  it('GIVEN a missing file or one of no known format THEN an ImportError says so', () => {
    expect(importFails(db, `${db.dir}/nope.csv`).issues[0]!.message).toBe('no such file');
    expect(importFails(db, writeFile(db.dir, 'notes.txt', 'hello')).issues[0]!.message).toMatch(/cannot tell the format/);
  });

  it('GIVEN an option id that is not a snowflake THEN the CSV import is refused', () => {
    expect(() => importPath(db, fixture('en-us-comma.csv'), { channelId: 'general' })).toThrow(/option channelId must be a Discord id/);
    expectEmpty(db);
  });
});

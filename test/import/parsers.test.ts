import { describe, expect, it } from 'vitest';
import { readCsv, type CsvEvent } from '../../src/ingest/import/csv-tokenizer.js';
import { countAttachments, isSystemMessageText, parseReactionsField, splitAuthorName } from '../../src/ingest/import/dce-csv-fields.js';
import { parseDceFileName } from '../../src/ingest/import/dce-filename.js';
import { chooseDateFormat, dateParser, parseIsoDate, parseOffset } from '../../src/ingest/import/dates.js';
import { detectFormat } from '../../src/ingest/import/detect.js';
import { importPath } from '../../src/ingest/import/index.js';
import { splitLines } from '../../src/ingest/import/file-source.js';
import { MentionResolver } from '../../src/ingest/import/mention-resolver.js';
import { channelCreatedAt, isPlausibleSnowflake, messageSnowflake, syntheticEntityId } from '../../src/ingest/import/synthetic-ids.js';
import { snowflakeToTime } from '../../src/ingest/records.js';
import { createTempDb } from '../helpers/temp-db.js';
import { clock, rows, writeFile } from './helpers.js';

const collect = (chunks: string[], sep = ';'): CsvEvent[] => [...readCsv(chunks, sep)];

describe('readCsv', () => {
  const text = 'a;b;\n"x ""q""";"multi\nline;with sep";\r\n"";plain;\n\n"last";"no newline"';
  const expected: CsvEvent[] = [
    { type: 'record', record: { line: 1, fields: ['a', 'b', ''] } },
    { type: 'record', record: { line: 2, fields: ['x "q"', 'multi\nline;with sep', ''] } },
    { type: 'record', record: { line: 4, fields: ['', 'plain', ''] } },
    { type: 'record', record: { line: 6, fields: ['last', 'no newline'] } },
  ];

  it('GIVEN quoted fields with separators, newlines and doubled quotes THEN fields and start lines are right', () => {
    expect(collect([text])).toEqual(expected);
  });

  it('GIVEN the text split at every position (and into single characters) THEN the records are the same', () => {
    for (let cut = 0; cut <= text.length; cut++) expect(collect([text.slice(0, cut), text.slice(cut)])).toEqual(expected);
    expect(collect([...text])).toEqual(expected);
  });

  it('GIVEN broken quoting THEN errors name the line and reading goes on', () => {
    expect(collect(['"a"b;c\nok;1\nx"y;z\n"open;\nmore'])).toEqual([
      { type: 'error', line: 1, message: expect.stringContaining('after the closing quote') },
      { type: 'record', record: { line: 2, fields: ['ok', '1'] } },
      { type: 'error', line: 3, message: expect.stringContaining('quote inside an unquoted field') },
      { type: 'error', line: 4, message: expect.stringContaining('never closed') },
    ]);
  });

  it('GIVEN a comma separator THEN semicolons are plain text', () => {
    expect(collect(['"a;b",c\n'], ',')).toEqual([{ type: 'record', record: { line: 1, fields: ['a;b', 'c'] } }]);
  });
});

describe('splitLines', () => {
  it('GIVEN chunks cut mid-line and CRLF endings THEN lines are whole and numbered', () => {
    expect([...splitLines(['ab', 'c\r\nd', '\n\nlast'])]).toEqual([
      { line: 1, text: 'abc' },
      { line: 2, text: 'd' },
      { line: 3, text: '' },
      { line: 4, text: 'last' },
    ]);
  });
});

describe('dates', () => {
  it('GIVEN DCE formats THEN each reads to the right UTC instant', () => {
    const cases: [string, string, number][] = [
      ['dd-MMM-yy hh:mm tt', '24-Sep-19 04:47 PM', Date.UTC(2019, 8, 24, 16, 47)],
      ['dd-MMM-yy hh:mm tt', '01-Jan-20 12:00 AM', Date.UTC(2020, 0, 1, 0, 0)],
      ['dd-MMM-yy hh:mm tt', '01-Jan-20 12:59 PM', Date.UTC(2020, 0, 1, 12, 59)],
      ['M/d/yyyy h:mm tt', '9/4/2023 7:05 PM', Date.UTC(2023, 8, 4, 19, 5)],
      ['dd/MM/yyyy HH:mm', '04/09/2023 19:05', Date.UTC(2023, 8, 4, 19, 5)],
      ['dd.MM.yyyy HH:mm', '04.09.2023 19:05', Date.UTC(2023, 8, 4, 19, 5)],
      ['yyyy/MM/dd H:mm', '2023/09/04 9:05', Date.UTC(2023, 8, 4, 9, 5)],
      ["dddd, MMMM d, yyyy 'at' HH:mm:ss.fff zzz", 'Monday, September 4, 2023 at 19:05:06.789 +02:00', Date.UTC(2023, 8, 4, 17, 5, 6, 789)],
      ['iso', '2023-09-04T19:05:06.123456Z', Date.UTC(2023, 8, 4, 19, 5, 6, 123)],
      ['iso', '2023-09-04T19:05:06+05:30', Date.UTC(2023, 8, 4, 13, 35, 6)],
    ];
    for (const [format, text, expected] of cases) expect({ format, text, at: dateParser(format).parse(text, 0) }).toEqual({ format, text, at: expected });
  });

  it('GIVEN impossible dates or text in another format THEN null', () => {
    expect(dateParser('dd-MMM-yy hh:mm tt').parse('31-Sep-19 04:47 PM', 0)).toBeNull();
    expect(dateParser('dd-MMM-yy hh:mm tt').parse('24-Sep-19 13:47 PM', 0)).toBeNull();
    expect(dateParser('M/d/yyyy h:mm tt').parse('2019-09-24 16:47', 0)).toBeNull();
    expect(parseIsoDate('2019-02-29T00:00:00Z')).toBeNull();
    expect(parseIsoDate('not a date')).toBeNull();
  });

  it('GIVEN a local time and an offset THEN the offset is taken off; an explicit offset wins', () => {
    expect(dateParser('dd/MM/yyyy HH:mm').parse('24/09/2019 16:47', 120)).toBe(Date.UTC(2019, 8, 24, 14, 47));
    expect(parseIsoDate('2019-09-24T16:47:00Z', 120)).toBe(Date.UTC(2019, 8, 24, 16, 47));
    expect(parseOffset('+05:30')).toBe(330);
    expect(parseOffset('-0800')).toBe(-480);
    expect(parseOffset('Z')).toBe(0);
    expect(parseOffset('+25:00')).toBeNull();
  });

  it('GIVEN a format without a day THEN it is refused', () => {
    expect(() => dateParser('MMM yyyy')).toThrow(/day/);
  });

  it('GIVEN samples THEN the first format reading all is chosen, and ambiguity is reported', () => {
    const us = chooseDateFormat(['9/24/2019 4:47 PM', '3/4/2020 1:00 AM'], 0);
    expect(us).toMatchObject({ ok: true, parser: { name: 'M/d/yyyy h:mm tt' }, ambiguousWith: [] });
    const ambiguous = chooseDateFormat(['3/4/2020 1:00 AM'], 0);
    expect(ambiguous).toMatchObject({ ok: true, parser: { name: 'M/d/yyyy h:mm tt' }, ambiguousWith: ['d/M/yyyy h:mm tt'] });
    const au = chooseDateFormat(['24/9/2019 4:47 PM'], 0);
    expect(au).toMatchObject({ ok: true, parser: { name: 'd/M/yyyy h:mm tt' } });
    expect(chooseDateFormat(['whenever'], 0)).toMatchObject({ ok: false });
  });
});

describe('DCE CSV fields', () => {
  it('GIVEN reaction lists THEN counts per emoji, repeated names summed, malformed refused', () => {
    expect(parseReactionsField('')).toEqual([]);
    expect(parseReactionsField('👏 (4),💯 (1)')).toEqual([{ emoji: '👏', count: 4 }, { emoji: '💯', count: 1 }]);
    expect(parseReactionsField('troll (2),troll (1),☝🏽 (1)')).toEqual([{ emoji: 'troll', count: 3 }, { emoji: '☝🏽', count: 1 }]);
    expect(parseReactionsField('<unknown emoji> (2)')).toEqual([{ emoji: '<unknown emoji>', count: 2 }]);
    expect(parseReactionsField('troll')).toBeNull();
    expect(parseReactionsField('troll (2),')).toBeNull();
  });

  it('GIVEN attachment lists and author names THEN counts and usernames', () => {
    expect(countAttachments('')).toBe(0);
    expect(countAttachments('https://a/1.png,https://a/2.png')).toBe(2);
    expect(splitAuthorName('ComputerGenie 👴🏼📢#7004')).toEqual({ full: 'ComputerGenie 👴🏼📢#7004', username: 'ComputerGenie 👴🏼📢' });
    expect(splitAuthorName('newstyle')).toEqual({ full: 'newstyle', username: 'newstyle' });
    expect(isSystemMessageText('Pinned a message.')).toBe(true);
    expect(isSystemMessageText('Started a call that lasted 1,204 minutes.')).toBe(true);
    expect(isSystemMessageText('Pinned a message. Look!')).toBe(false);
  });
});

describe('MentionResolver', () => {
  const resolver = new MentionResolver();
  resolver.add('1', ['bob']);
  resolver.add('2', ['bob.smith']);
  resolver.add('3', ['Ann Lee', 'Ann Lee#0001']);
  resolver.add('4', ['sam', 'sam#1111']);
  resolver.add('5', ['sam', 'sam#2222']);

  it('GIVEN @names THEN the longest known name resolves at a word end, shared names only by full tag', () => {
    expect(resolver.resolve('hi @bob, @bob.smith and @Ann Lee!')).toEqual(['1', '2', '3']);
    expect(resolver.resolve('@bobby @bob_ @bob#9999 @everyone')).toEqual([]);
    expect(resolver.resolve('@bob. and @bob')).toEqual(['1']);
    expect(resolver.resolve('@sam')).toEqual([]);
    expect(resolver.resolve('@sam#2222 @sam#1111')).toEqual(['5', '4']);
  });
});

describe('DCE file names', () => {
  it('GIVEN DCE default names THEN guild, category, channel and id; others null', () => {
    expect(parseDceFileName('/x/Komodo - Feedback - discord-feedback [626069975655776288].csv')).toEqual({
      guildName: 'Komodo',
      categoryName: 'Feedback',
      channelName: 'discord-feedback',
      channelId: '626069975655776288',
    });
    expect(parseDceFileName('A - B - Guild - Cat - chan [626069975655776288] (2020-01-01 to 2020-02-01) [part 3].json')).toMatchObject({
      guildName: 'A - B - Guild',
      categoryName: 'Cat',
      channelName: 'chan',
    });
    expect(parseDceFileName('1.csv')).toBeNull();
  });
});

describe('detectFormat', () => {
  it('GIVEN names and first bytes THEN the format', () => {
    expect(detectFormat('a.csv', '')).toBe('dce-csv');
    expect(detectFormat('a.txt', 'AuthorID;Author;')).toBe('dce-csv');
    expect(detectFormat('a.jsonl', '')).toBe('jsonl');
    expect(detectFormat('a.json', '{"type":"guild","id":"1","name":"x"}\n')).toBe('jsonl');
    expect(detectFormat('a.json', '{\n  "guild": {')).toBe('dce-json');
    expect(detectFormat('export.html', '<!DOCTYPE html>')).toBe('dce-html');
    expect(detectFormat('export', '<!DOCTYPE html>\n<html lang="en">')).toBe('dce-html');
    expect(detectFormat('a.txt', 'hello')).toBeNull();
  });
});

describe('synthetic ids', () => {
  it('GIVEN the same inputs THEN the same ids; invented entity ids look like Discord ids; message ids carry their time', () => {
    expect(syntheticEntityId('guild', 'x')).toBe(syntheticEntityId('guild', 'x'));
    expect(syntheticEntityId('guild', 'x')).not.toBe(syntheticEntityId('channel', 'x'));
    for (const id of [syntheticEntityId('guild', ''), syntheticEntityId('channel', 'g', 'general'), syntheticEntityId('guild', 'My Server')]) {
      // Commands take 17 to 20 digit snowflakes; an invented one dates from Discord's first public year.
      expect(id).toMatch(/^\d{17,20}$/);
      expect(snowflakeToTime(id)).toBeGreaterThanOrEqual(Date.UTC(2015, 4, 13));
      expect(snowflakeToTime(id)).toBeLessThan(Date.UTC(2016, 4, 13));
    }
    expect(isPlausibleSnowflake('626069975655776288')).toBe(true);
    expect(isPlausibleSnowflake('42')).toBe(false);
    const t = Date.UTC(2019, 8, 24, 16, 47);
    expect(snowflakeToTime(messageSnowflake(t, 12345))).toBe(t);
    expect(messageSnowflake(t, 12345, 1)).not.toBe(messageSnowflake(t, 12345));
    expect(snowflakeToTime(messageSnowflake(t, (1 << 22) - 1, 1))).toBe(t);
    expect(channelCreatedAt('626069975655776288', undefined, 0)).toBe(snowflakeToTime('626069975655776288'));
    expect(channelCreatedAt('626069975655776288', 1, 0)).toBe(1);
    expect(channelCreatedAt('626069975655776288', undefined, 7, true)).toBe(7);
    expect(channelCreatedAt('42', undefined, 7)).toBe(7);
  });
});

describe('DCE CSV message ids', () => {
  const text = 'AuthorID;Author;Date;Content;Attachments;Reactions;\n"1000000000000001";"ann";"24-Sep-19 04:47 PM";"hi";"";"";\n';
  const options = { channelId: '700000000000000001', guildId: '600000000000000001', now: clock() };

  it('GIVEN the id is taken by a different stored message THEN the next one is used; by the same message (text kept or not) THEN it is reused', () => {
    const db = createTempDb();
    const other = createTempDb();
    try {
      const path = writeFile(db.dir, 't.csv', text);
      importPath(db, path, options);
      const [first] = rows<{ id: string }>(db, 'SELECT id FROM posts').map((r) => r.id);
      // Stored without its text (the content setting is off): the same message, found again.
      importPath(db, path, { ...options, keepContent: true });
      expect(rows(db, 'SELECT id FROM posts')).toEqual([{ id: first }]);

      // Another message of the same author and minute holds the id: the file's message moves to the next one.
      importPath(other, path, { ...options, keepContent: true });
      other.sqlite.prepare(`UPDATE posts SET content = 'something else'`).run();
      importPath(other, path, { ...options, keepContent: true });
      const ids = rows<{ id: string }>(other, 'SELECT id FROM posts ORDER BY id').map((r) => r.id);
      expect(ids[0]).toBe(first);
      const moved = ids.find((id) => id !== first)!;
      expect(BigInt(moved) - BigInt(first!)).toBe(BigInt(first!) % 4194304n === 4194303n ? -4194303n : 1n);
      expect(snowflakeToTime(moved)).toBe(snowflakeToTime(first!));
    } finally {
      db.dispose();
      other.dispose();
    }
  });
});

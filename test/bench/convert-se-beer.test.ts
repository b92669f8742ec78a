import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeStackExchangeJsonl } from '../../bench/convert-se-beer.js';
import { importPath } from '../../src/ingest/import/index.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';

const dump = join(import.meta.dirname, '../fixtures/se-dump');
const time = (iso: string) => Date.parse(iso);

describe('Stack Exchange dump → attune JSONL', () => {
  let db: TempDb;
  beforeEach(() => {
    db = createTempDb();
  });
  afterEach(() => db.dispose());

  it('GIVEN a tiny dump THEN questions are threads, answers and comments replies, favourites and accepts reactions, pings mentions', () => {
    const file = join(db.dir, 'se.jsonl');
    const summary = writeStackExchangeJsonl(dump, file, 'Beer');
    expect(summary).toEqual({ members: 3, threads: 2, messages: 4, reactions: 2, mentions: 1 });
    importPath(db, file, { keepContent: true });
    const all = (sql: string) => db.sqlite.prepare(sql).all();

    expect(all(`SELECT user_id AS id, username, joined_at AS joinedAt FROM members ORDER BY user_id`)).toEqual([
      { id: '10000001', username: 'Alice Smith', joinedAt: time('2015-12-02T08:00:00Z') },
      { id: '10000002', username: 'Bob', joinedAt: time('2015-12-03T08:00:00Z') },
      { id: '10000003', username: 'Carol & Co', joinedAt: time('2015-12-04T08:00:00Z') },
    ]);
    expect(all(`SELECT id, kind, parent_id AS parent FROM channels ORDER BY id`)).toEqual([
      { id: '1000', kind: 'forum', parent: null },
      { id: '1000000001', kind: 'public_thread', parent: '1000' },
      { id: '1000000005', kind: 'public_thread', parent: '1000' },
    ]);
    expect(
      all(`SELECT id, author_id AS author, channel_id AS channel, thread_id AS thread, reply_to_id AS replyTo, created_at AS at
             FROM posts ORDER BY created_at`),
    ).toEqual([
      { id: '3000000001', author: '10000001', channel: '1000', thread: '1000000001', replyTo: null, at: time('2016-01-01T10:00:00Z') },
      { id: '3000000002', author: '10000002', channel: '1000', thread: '1000000001', replyTo: '3000000001', at: time('2016-01-01T12:00:00Z') },
      { id: '4000000001', author: '10000003', channel: '1000', thread: '1000000001', replyTo: '3000000002', at: time('2016-01-01T13:00:00Z') },
      { id: '3000000005', author: '10000003', channel: '1000', thread: '1000000005', replyTo: null, at: time('2016-01-02T09:00:00Z') },
    ]);
    expect(db.sqlite.prepare(`SELECT content FROM posts WHERE id = '3000000001'`).get()).toEqual({ content: 'Best IPA?\n\nWhich IPA & why?' });
    // The accept is the question author's, placed at the answer's creation (the vote's date is that day's midnight).
    expect(all(`SELECT message_id AS message, user_id AS user, emoji, at FROM reactions ORDER BY at`)).toEqual([
      { message: '3000000002', user: '10000001', emoji: '✅', at: time('2016-01-01T12:00:00Z') },
      { message: '3000000001', user: '10000002', emoji: '⭐', at: time('2016-01-03T00:00:00Z') },
    ]);
    expect(all(`SELECT message_id AS message, user_id AS user FROM mentions`)).toEqual([{ message: '4000000001', user: '10000001' }]);
  });
});

import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ARCHIVE_GUILD_ID, writeDiscordArchiveJsonl } from '../../bench/convert-discord-archive.js';
import { engagementsBetween } from '../../src/graph/engagement.js';
import { importPath } from '../../src/ingest/import/index.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';

const archive = join(import.meta.dirname, '../fixtures/discord-archive');
const time = (iso: string) => Date.parse(iso);

describe('plain-text Discord archive → attune JSONL', () => {
  let db: TempDb;
  beforeEach(() => {
    db = createTempDb();
  });
  afterEach(() => db.dispose());

  it('GIVEN forum-post files and a channel log THEN a forum with a thread per post, a text channel, and members by username', () => {
    const file = join(db.dir, 'archive.jsonl');
    expect(writeDiscordArchiveJsonl(archive, file, 'Archive')).toEqual({ members: 5, forums: 1, threads: 2, textChannels: 1, messages: 7 });
    importPath(db, file, { keepContent: true });
    const all = (sql: string) => db.sqlite.prepare(sql).all();
    expect(all(`SELECT id, kind, parent_id AS parent, name FROM channels ORDER BY id`)).toEqual([
      { id: '400000000000000001', kind: 'forum', parent: null, name: 'showcase' },
      { id: '400000000000000002', kind: 'text', parent: null, name: 'developers' },
      { id: '500000000000000001', kind: 'public_thread', parent: '400000000000000001', name: 'My first bot' },
      { id: '500000000000000002', kind: 'public_thread', parent: '400000000000000001', name: 'Second post' },
    ]);
    // Usernames in sorted order get 10⁷ + rank; discriminator names are bots.
    expect(all(`SELECT user_id AS id, username, is_bot AS bot FROM members ORDER BY user_id`)).toEqual([
      { id: '10000000', username: 'Deleted User#0000', bot: 1 },
      { id: '10000001', username: 'Translator Bot#1043', bot: 1 },
      { id: '10000002', username: 'ada', bot: 0 },
      { id: '10000003', username: 'bo', bot: 0 },
      { id: '10000004', username: 'cy', bot: 0 },
    ]);
    expect(
      all(`SELECT id, author_id AS author, channel_id AS channel, thread_id AS thread, reply_to_id AS replyTo, created_at AS at, content
             FROM posts WHERE thread_id = '500000000000000001' ORDER BY created_at`),
    ).toEqual([
      { id: '500000000000000001', author: '10000002', channel: '400000000000000001', thread: '500000000000000001', replyTo: null, at: time('2026-03-15T17:56:09.070Z'), content: 'I built a bot.\n\nIt rotates personalities.' },
      { id: '500000000000000011', author: '10000003', channel: '400000000000000001', thread: '500000000000000001', replyTo: null, at: time('2026-03-15T18:10:00Z'), content: 'Nice work <@123456789012345678>!' },
      { id: '500000000000000012', author: '10000001', channel: '400000000000000001', thread: '500000000000000001', replyTo: null, at: time('2026-03-16T09:00:00.500Z'), content: 'Translation: nice work' },
    ]);
    // The archive's <@id> mentions name no member it knows: none are kept.
    expect(all(`SELECT COUNT(*) AS n FROM mentions`)).toEqual([{ n: 0 }]);
  });

  it('GIVEN the converted archive THEN posting in a forum post engages with its first message, whatever its id', () => {
    const file = join(db.dir, 'archive.jsonl');
    writeDiscordArchiveJsonl(archive, file);
    importPath(db, file, { keepContent: true });
    const engagements = engagementsBetween(db.sqlite, ARCHIVE_GUILD_ID, 0, time('2026-04-01T00:00:00Z'));
    expect(engagements.map((e) => `${e.member} ${e.kind} ${e.post}`).sort()).toEqual([
      // ada answered cy's post (whose first message does not have the thread's id); bo answered ada's. The bot: never.
      '10000002 thread 500000000000000020',
      '10000003 thread 500000000000000001',
    ]);
  });
});

/**
 * GIVEN the migrated schema THEN every table is either in the personal-data registry or declared free of personal
 * data: a feature that adds a table fails here until it says how its rows are exported and erased. And GIVEN a
 * subject in one guild THEN erasure there leaves the same member's rows in other guilds alone.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActivityStore } from '../../src/ingest/activity-store.js';
import type { IngestOp } from '../../src/ingest/records.js';
import { erasePersonalData, exportPersonalData, personalDataTables, TABLES_WITHOUT_PERSONAL_DATA } from '../../src/privacy/personal-data.js';
import { allTables, findTraces } from '../helpers/db-scan.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';

describe('personal-data registry', () => {
  let db: TempDb;
  beforeEach(() => {
    db = createTempDb();
  });
  afterEach(() => db.dispose());

  it('GIVEN every table in sqlite_master THEN each is registered or declared without personal data, and nothing else is', () => {
    const registered = new Set(personalDataTables().map((t) => t.table));
    const declaredFree = new Set(TABLES_WITHOUT_PERSONAL_DATA);
    const unclassified = allTables(db.sqlite).filter((t) => !registered.has(t) && !declaredFree.has(t));
    expect(unclassified, 'add these tables to src/privacy/personal-data.ts').toEqual([]);
    const stale = [...registered].filter((t) => !allTables(db.sqlite).includes(t));
    expect(stale).toEqual([]);
  });

  it('GIVEN a member in two guilds WHEN erased in one (a departure) THEN only that guild forgets them', () => {
    const store = new ActivityStore(db.sqlite);
    const at = Date.UTC(2026, 5, 1);
    const ops: IngestOp[] = [];
    for (const guildId of ['101', '102']) {
      ops.push({ kind: 'guild', guild: { id: guildId, name: `g${guildId}`, ownerId: null, preferredLocale: 'en-US' }, at });
      ops.push({ kind: 'member', member: { guildId, userId: '7', username: 'seven', displayName: null, isBot: false, joinedAt: at }, at });
      ops.push({
        kind: 'post',
        post: {
          id: `${guildId}9`, guildId, channelId: `${guildId}0`, threadId: null, authorId: '7', authorIsBot: false, createdAt: at,
          editedAt: null, replyToId: null, replyToAuthorId: null, attachmentCount: 0, content: `words in ${guildId}`,
          mentionedUserIds: [], source: 'import',
        },
      });
    }
    store.apply(ops);
    expect(exportPersonalData(db.sqlite, { userId: '7', guildId: null }, at).tables.posts).toHaveLength(2);
    erasePersonalData(db.sqlite, { userId: '7', guildId: '101' });
    expect(findTraces(db.sqlite, 'words in 101')).toEqual([]);
    expect(findTraces(db.sqlite, 'words in 102')).toEqual([{ table: 'posts', column: 'content', rows: 1 }]);
    expect(db.sqlite.prepare(`SELECT guild_id AS g FROM members WHERE user_id = '7'`).all()).toEqual([{ g: '102' }]);
  });
});

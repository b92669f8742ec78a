/** GIVEN a member opted out in a guild THEN importing history records nothing of theirs there, and the rest as usual. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPath } from '../../src/ingest/import/index.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';
import { clock, fixture, rows } from './helpers.js';

const GUILD = '600000000000000002';
const ALICE = '111111111111111111';

describe('import and opt-outs', () => {
  let db: TempDb;
  beforeEach(() => {
    db = createTempDb();
  });
  afterEach(() => db.dispose());

  it('GIVEN alice opted out in the guild THEN none of her posts, reactions or membership there are imported', () => {
    const baseline = createTempDb();
    importPath(baseline, fixture('events.jsonl'), { now: clock() });
    const hers = (sql: string) => rows(baseline, sql, GUILD, ALICE).length;
    expect(hers('SELECT 1 FROM posts WHERE guild_id = ? AND author_id = ?') + hers('SELECT 1 FROM reactions WHERE guild_id = ? AND user_id = ?')).toBeGreaterThan(0);
    const othersPosts = rows(baseline, 'SELECT id FROM posts WHERE NOT (guild_id = ? AND author_id = ?) ORDER BY id', GUILD, ALICE);
    baseline.dispose();

    db.sqlite.prepare(`INSERT INTO guilds (id, name, joined_at, updated_at) VALUES (?, 'g', 1, 1)`).run(GUILD);
    db.sqlite.prepare('INSERT INTO privacy_opt_outs (guild_id, user_id, at) VALUES (?, ?, 1)').run(GUILD, ALICE);
    importPath(db, fixture('events.jsonl'), { now: clock() });
    expect(rows(db, 'SELECT id FROM posts WHERE guild_id = ? AND author_id = ?', GUILD, ALICE)).toEqual([]);
    expect(rows(db, 'SELECT * FROM reactions WHERE guild_id = ? AND user_id = ?', GUILD, ALICE)).toEqual([]);
    expect(rows(db, 'SELECT * FROM members WHERE guild_id = ? AND user_id = ?', GUILD, ALICE)).toEqual([]);
    expect(rows(db, 'SELECT id FROM posts ORDER BY id')).toEqual(othersPosts);
  });
});

/**
 * GIVEN a database from before migration 0008 (opt-out version, picks presses per day) WHEN it is migrated THEN the
 * opt-out list's version counter exists and moves with every change of privacy_opt_outs (whoever writes it), and "Show my picks" presses recorded
 * one row per press become one row per member and day with their count, first and last press.
 */
import { expect, it } from 'vitest';
import { migrationDb } from '../helpers/migration-db.js';

const GUILD = '100000000000000001';
const T0 = Date.UTC(2026, 2, 2, 9);
const database = migrationDb();

it('GIVEN presses one row each and opt-outs WHEN migrated THEN presses are counted per member and day, and every opt-out change moves the version', () => {
  database.migrateBefore('_opt_out_version_and_picks_per_day');
  const sql = database.handle.sqlite;
  sql.prepare(`INSERT INTO guilds (id, name, joined_at, updated_at) VALUES (?, 'g', ?, ?)`).run(GUILD, T0, T0);
  const press = sql.prepare(`INSERT INTO digest_picks_presses (guild_id, member_id, day, at) VALUES (?, ?, ?, ?)`);
  for (const at of [T0, T0 + 5, T0 + 9]) press.run(GUILD, '11', '2026-03-02', at);
  press.run(GUILD, '11', '2026-03-01', T0 - 1);
  press.run(GUILD, '12', '2026-03-02', T0 + 1);
  sql.prepare(`INSERT INTO privacy_opt_outs (guild_id, user_id, at) VALUES (?, '13', ?)`).run(GUILD, T0);

  database.migrateAll();
  expect(sql.prepare(`SELECT member_id, day, at, last_at, presses FROM digest_picks_presses ORDER BY member_id, day`).all()).toEqual([
    { member_id: '11', day: '2026-03-01', at: T0 - 1, last_at: T0 - 1, presses: 1 },
    { member_id: '11', day: '2026-03-02', at: T0, last_at: T0 + 9, presses: 3 },
    { member_id: '12', day: '2026-03-02', at: T0 + 1, last_at: T0 + 1, presses: 1 },
  ]);
  const version = () => (sql.prepare(`SELECT version FROM privacy_opt_out_version WHERE id = 0`).get() as { version: number }).version;
  const start = version();
  sql.prepare(`INSERT INTO privacy_opt_outs (guild_id, user_id, at) VALUES (?, '14', ?)`).run(GUILD, T0);
  expect(version()).toBe(start + 1);
  sql.prepare(`UPDATE privacy_opt_outs SET at = at + 1 WHERE user_id = '14'`).run();
  expect(version()).toBe(start + 2);
  sql.prepare(`DELETE FROM privacy_opt_outs WHERE user_id = '13'`).run();
  expect(version()).toBe(start + 3);
  // A guild's rows leave with it (foreign key cascade): the version moves too.
  sql.prepare(`DELETE FROM guilds WHERE id = ?`).run(GUILD);
  expect(version()).toBe(start + 4);
});

/**
 * Privacy: members who opted out of recording and modelling in a guild (Discord Developer Policy #3). Everything
 * else about privacy (erasure, export, retention) works on the other features' tables.
 */
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { guildIdColumn } from './schema-activity.js';

export const privacyOptOuts = sqliteTable(
  'privacy_opt_outs',
  {
    guildId: guildIdColumn(),
    userId: text('user_id').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.userId] })],
);

export type PrivacyOptOut = typeof privacyOptOuts.$inferSelect;

/**
 * One row (id 0) whose `version` moves whenever `privacy_opt_outs` changes: triggers (migration
 * 0008_opt_out_version_and_picks_per_day) bump it on every insert, update and delete, whoever writes (a command on any shard, an
 * erasure, a retention sweep, an import). Every process keeps the opt-out list in memory and compares this one
 * number per write batch or request: an opt-out committed by one shard holds on every other one at its next write.
 */
export const privacyOptOutVersion = sqliteTable('privacy_opt_out_version', {
  id: integer('id').primaryKey(),
  version: integer('version').notNull(),
});

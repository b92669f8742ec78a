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

/**
 * Privacy queries besides the personal-data registry (personal-data/): who opted out, the guilds a member left
 * traces in, the retention sweeps' reads and deletes, and the admin's content-features switch. Drizzle's query
 * builder throughout, prepared once per connection, except the one UNION over four tables.
 */
import { and, eq, getTableColumns, is, isNotNull, lte, sql } from 'drizzle-orm';
import { SQLiteTable, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import * as schema from '../schema.js';
import { guilds, members, posts, privacyOptOuts, privacyOptOutVersion } from '../schema.js';
import { perConnection } from './per-connection.js';

/** Every table with a guild_id column (views are not tables), found in the schema: later features' tables too. */
const guildScopedTables: { table: SQLiteTable; guildId: SQLiteColumn }[] = Object.values(schema).flatMap((value) => {
  if (!is(value, SQLiteTable)) return [];
  const guildId = Object.values(getTableColumns(value)).find((column) => column.name === 'guild_id');
  return guildId ? [{ table: value, guildId }] : [];
});

export const privacyQueries = perConnection((sqlite, db) => {
  const p = sql.placeholder;
  const optedOutOfGuild = db.select({ id: privacyOptOuts.userId }).from(privacyOptOuts).where(eq(privacyOptOuts.guildId, p('guildId'))).prepare();
  const allOptOuts = db.select({ guildId: privacyOptOuts.guildId, userId: privacyOptOuts.userId }).from(privacyOptOuts).prepare();
  const isOptedOut = db
    .select({ at: privacyOptOuts.at })
    .from(privacyOptOuts)
    .where(and(eq(privacyOptOuts.guildId, p('guildId')), eq(privacyOptOuts.userId, p('userId'))))
    .prepare();
  const version = db.select({ version: privacyOptOutVersion.version }).from(privacyOptOutVersion).where(eq(privacyOptOutVersion.id, 0)).prepare();
  // Only in a guild attune recorded (the foreign key would refuse it anyway).
  const optOut = sqlite.prepare<[userId: string, at: number, guildId: string]>(
    `INSERT INTO privacy_opt_outs (guild_id, user_id, at) SELECT id, ?, ? FROM guilds WHERE id = ? ON CONFLICT DO NOTHING`,
  );
  const optIn = db
    .delete(privacyOptOuts)
    .where(and(eq(privacyOptOuts.guildId, p('guildId')), eq(privacyOptOuts.userId, p('userId'))))
    .prepare();
  const guildsOfUser = sqlite
    .prepare<{ userId: string }, string>(
      `SELECT guild_id FROM members WHERE user_id = @userId
       UNION SELECT guild_id FROM posts WHERE author_id = @userId
       UNION SELECT guild_id FROM reactions WHERE user_id = @userId
       UNION SELECT guild_id FROM privacy_opt_outs WHERE user_id = @userId`,
    )
    .pluck();
  const departed = db
    .select({ guildId: members.guildId, userId: members.userId })
    .from(members)
    .where(and(isNotNull(members.leftAt), lte(members.leftAt, p('cutoff'))))
    .prepare();
  const removedGuilds = db
    .select({ id: guilds.id })
    .from(guilds)
    .where(and(isNotNull(guilds.leftAt), lte(guilds.leftAt, p('cutoff'))))
    .prepare();
  const expireContent = db
    .update(posts)
    .set({ content: null })
    .where(and(isNotNull(posts.content), lte(posts.createdAt, p('cutoff'))))
    .prepare();
  const contentFeatures = db.select({ on: guilds.contentFeatures }).from(guilds).where(eq(guilds.id, p('guildId'))).prepare();

  return {
    optedOutMemberIds: (guildId: string): string[] => optedOutOfGuild.all({ guildId }).map((row) => row.id),
    allOptOuts: (): { guildId: string; userId: string }[] => allOptOuts.all(),
    isOptedOut: (guildId: string, userId: string): boolean => isOptedOut.get({ guildId, userId }) !== undefined,
    /** Moves with every change of the opt-out list (triggers, migration 0006). */
    optOutVersion: (): number => version.get()?.version ?? 0,
    /** True when it is new; false when already opted out or the guild is not recorded. */
    optOut: (guildId: string, userId: string, at: number): boolean => optOut.run(userId, at, guildId).changes > 0,
    /** False when the member was not opted out. */
    optIn: (guildId: string, userId: string): boolean => optIn.run({ guildId, userId }).changes > 0,
    /** Guilds where the member is a member, posted, reacted or opted out. */
    guildsWithTracesOf: (userId: string): string[] => guildsOfUser.all({ userId }),

    /** Members whose leave is at or before `cutoff`. */
    departedMembers: (cutoff: number): { guildId: string; userId: string }[] => departed.all({ cutoff }),
    /** Guilds attune was removed from at or before `cutoff`. */
    removedGuildIds: (cutoff: number): string[] => removedGuilds.all({ cutoff }).map((row) => row.id),
    /** Deletes the guild's rows from every table with a guild_id column, then the guild. */
    purgeGuild(guildId: string): void {
      for (const { table, guildId: column } of guildScopedTables) db.delete(table).where(eq(column, guildId)).run();
      db.delete(guilds).where(eq(guilds.id, guildId)).run();
    },
    /** Drops the text of posts created at or before `cutoff`; returns how many lost it. */
    expireContent: (cutoff: number): number => expireContent.run({ cutoff }).changes,

    contentFeaturesEnabled: (guildId: string): boolean => contentFeatures.get({ guildId })?.on ?? false,
    /** False when the guild is not recorded. */
    setContentFeatures: (guildId: string, enabled: boolean, at: number): boolean =>
      db.update(guilds).set({ contentFeatures: enabled, updatedAt: at }).where(eq(guilds.id, guildId)).run().changes > 0,
  };
});

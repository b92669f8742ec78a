/**
 * Retention sweeps: data is kept only while attune needs it (Discord Developer Terms). Each sweep is a pure
 * function of the database and a clock, so tests run them at any simulated time; the retention task
 * (src/tasks/retention-task.ts) runs them on the bot's schedule.
 */
import type Database from 'better-sqlite3';
import { inWriteTransaction } from '../db/connection.js';
import { privacyQueries } from '../db/queries/privacy.js';
import { erasePersonalData } from './personal-data.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionPolicy {
  /** Days a member's data is kept after they leave a guild (they may come back); then it is erased. */
  memberRetentionDays: number;
  /** Days after attune is removed from a guild before everything about that guild is erased. */
  guildGraceDays: number;
  /** Days message text is kept (digest snippets need recent text only); ids and timing stay. */
  contentRetentionDays: number;
}

export interface SweepReport {
  membersPurged: number;
  guildsPurged: number;
  contentsExpired: number;
}

/** Members whose leave is older than the retention: erased from that guild, exactly like /privacy delete there. */
export function purgeDepartedMembers(sqlite: Database.Database, now: number, retentionDays: number): number {
  const cutoff = now - retentionDays * DAY_MS;
  const departed = privacyQueries(sqlite).departedMembers(cutoff);
  for (const member of departed) erasePersonalData(sqlite, member);
  return departed.length;
}

/**
 * Guilds attune was removed from longer than the grace period ago. Every table of the schema with a `guild_id`
 * column is cleared (so tables added by later features are covered without registering anything), then the guild
 * row.
 */
export function purgeRemovedGuilds(sqlite: Database.Database, now: number, graceDays: number): number {
  const queries = privacyQueries(sqlite);
  return inWriteTransaction(sqlite, () => {
    const removed = queries.removedGuildIds(now - graceDays * DAY_MS);
    for (const guildId of removed) queries.purgeGuild(guildId);
    return removed.length;
  });
}

/** Message text older than the retention is dropped; the post's ids, time and counts remain. */
export function expireMessageContent(sqlite: Database.Database, now: number, retentionDays: number): number {
  const cutoff = now - retentionDays * DAY_MS;
  return privacyQueries(sqlite).expireContent(cutoff);
}

export function runRetentionSweep(sqlite: Database.Database, now: number, policy: RetentionPolicy): SweepReport {
  return {
    guildsPurged: purgeRemovedGuilds(sqlite, now, policy.guildGraceDays),
    membersPurged: purgeDepartedMembers(sqlite, now, policy.memberRetentionDays),
    contentsExpired: expireMessageContent(sqlite, now, policy.contentRetentionDays),
  };
}

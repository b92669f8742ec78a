/**
 * Who opted out of recording and modelling, per guild. The table is the truth; OptOutRegistry keeps it in memory
 * for the ingest filter, which asks once per gateway event (a database read each time would cost the hot path).
 */
import type Database from 'better-sqlite3';
import { guildQueries } from '../db/queries/guilds.js';
import { privacyQueries } from '../db/queries/privacy.js';

/**
 * Members of a guild who opted out. Training snapshots must leave them out (their interactions and their posts as
 * candidates), and recommendations must never show their posts to others.
 */
export function optedOutMemberIds(sqlite: Database.Database, guildId: string): Set<string> {
  return new Set(privacyQueries(sqlite).optedOutMemberIds(guildId));
}

export class OptOutRegistry {
  readonly #sqlite: Database.Database;
  readonly #keys = new Set<string>();

  constructor(sqlite: Database.Database) {
    this.#sqlite = sqlite;
    this.refresh();
  }

  /** Re-reads the table (after a sweep or erasure removed rows behind the registry's back). */
  refresh(): void {
    this.#keys.clear();
    for (const row of privacyQueries(this.#sqlite).allOptOuts()) this.#keys.add(key(row.guildId, row.userId));
  }

  /** For the ingest filter: O(1), no I/O. */
  readonly isOptedOut = (guildId: string, userId: string): boolean => this.#keys.has(key(guildId, userId));

  /** 'unknown-guild' when attune has not recorded the guild yet (nothing is written then). */
  optOut(guildId: string, userId: string, at: number): 'opted-out' | 'already' | 'unknown-guild' {
    if (!guildQueries(this.#sqlite).isRecorded(guildId)) return 'unknown-guild';
    const added = privacyQueries(this.#sqlite).optOut(guildId, userId, at);
    this.#keys.add(key(guildId, userId));
    return added ? 'opted-out' : 'already';
  }

  /** Returns false when the member was not opted out. */
  optIn(guildId: string, userId: string): boolean {
    const removed = privacyQueries(this.#sqlite).optIn(guildId, userId);
    this.#keys.delete(key(guildId, userId));
    return removed;
  }
}

function key(guildId: string, userId: string): string {
  return `${guildId}:${userId}`;
}

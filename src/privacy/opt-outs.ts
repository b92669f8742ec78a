/**
 * /privacy optout and optin: the writes to the opt-out list. Its readers (the ingest store, snapshots, serving,
 * the economy, digests) read it through src/db/queries/opt-outs.ts, which notices every change by its version,
 * in this process and in every other shard, so nothing here needs to tell them.
 */
import type Database from 'better-sqlite3';
import { guildQueries } from '../db/queries/guilds.js';
import { isOptedOutNow } from '../db/queries/opt-outs.js';
import { privacyQueries } from '../db/queries/privacy.js';

export class OptOutRegistry {
  readonly #sqlite: Database.Database;

  constructor(sqlite: Database.Database) {
    this.#sqlite = sqlite;
  }

  isOptedOut(guildId: string, userId: string): boolean {
    return isOptedOutNow(this.#sqlite, guildId, userId);
  }

  /** 'unknown-guild' when attune has not recorded the guild yet (nothing is written then). */
  optOut(guildId: string, userId: string, at: number): 'opted-out' | 'already' | 'unknown-guild' {
    if (!guildQueries(this.#sqlite).isRecorded(guildId)) return 'unknown-guild';
    return privacyQueries(this.#sqlite).optOut(guildId, userId, at) ? 'opted-out' : 'already';
  }

  /** Returns false when the member was not opted out. */
  optIn(guildId: string, userId: string): boolean {
    return privacyQueries(this.#sqlite).optIn(guildId, userId);
  }
}

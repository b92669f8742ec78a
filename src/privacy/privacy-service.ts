/** What /privacy does, without Discord: status, opt-out and opt-in, export, erasure. */
import { inWriteTransaction, type DatabaseHandle } from '../db/connection.js';
import { privacyQueries } from '../db/queries/privacy.js';
import { OptOutRegistry } from './opt-outs.js';
import type { ExportPart } from './export-parts.js';
import { exportPartsOffThread } from './export-worker-client.js';
import { erasePersonalData, personalDataCounts } from './personal-data.js';

/** Discord takes one 10 MiB file per message on a server without boosts; a part leaves room for the request around it. */
export const DEFAULT_EXPORT_PART_BYTES = 8 * 1024 * 1024;

export interface PrivacyServiceOptions {
  /** The largest export file (default DEFAULT_EXPORT_PART_BYTES); tests make it small to get several parts. */
  exportPartBytes?: number;
}

export interface PrivacyStatus {
  optedOut: boolean;
  /** Rows about the member per table, in every guild. */
  counts: Record<string, number>;
}

export class PrivacyService {
  readonly optOuts: OptOutRegistry;
  readonly #handle: DatabaseHandle;
  readonly #exportPartBytes: number;

  constructor(handle: DatabaseHandle, options: PrivacyServiceOptions = {}, optOuts: OptOutRegistry = new OptOutRegistry(handle.sqlite)) {
    this.#handle = handle;
    this.optOuts = optOuts;
    this.#exportPartBytes = options.exportPartBytes ?? DEFAULT_EXPORT_PART_BYTES;
  }

  status(guildId: string, userId: string): PrivacyStatus {
    return {
      optedOut: this.optOuts.isOptedOut(guildId, userId),
      counts: personalDataCounts(this.#handle.sqlite, { userId, guildId: null }),
    };
  }

  optOut(guildId: string, userId: string, at: number): ReturnType<OptOutRegistry['optOut']> {
    return this.optOuts.optOut(guildId, userId, at);
  }

  optIn(guildId: string, userId: string): boolean {
    return this.optOuts.optIn(guildId, userId);
  }

  /**
   * Everything about the member, in every guild attune records, as JSON files of at most the part size, read and
   * serialised on another thread (its own read-only connection) and handed over as each is written.
   */
  exportParts(userId: string, at: number): AsyncGenerator<ExportPart> {
    return exportPartsOffThread(this.#handle.sqlite.name, { userId, guildId: null }, at, this.#exportPartBytes);
  }

  /**
   * Erases the member in every guild, then keeps them opted out in each guild attune knew them in: the one row that
   * stays is what honours the deletion afterwards, because the start-up backfill re-reads recent history from
   * Discord and would otherwise store their recent posts and reactions again. `/privacy optin` lifts it.
   */
  erase(userId: string, at: number): Record<string, number> {
    const { sqlite } = this.#handle;
    const queries = privacyQueries(sqlite);
    const changed = inWriteTransaction(sqlite, () => {
      const guilds = queries.guildsWithTracesOf(userId);
      const erased = erasePersonalData(sqlite, { userId, guildId: null });
      for (const guildId of guilds) queries.optOut(guildId, userId, at);
      return erased;
    });
    return changed;
  }
}

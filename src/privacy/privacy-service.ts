/** What /privacy does, without Discord: status, opt-out and opt-in, export, erasure. */
import { inWriteTransaction, type DatabaseHandle } from '../db/connection.js';
import { privacyQueries } from '../db/queries/privacy.js';
import { OptOutRegistry } from './opt-outs.js';
import { erasePersonalData, exportPersonalData, personalDataCounts, type PersonalDataExport } from './personal-data.js';

export interface PrivacyStatus {
  optedOut: boolean;
  /** Rows about the member per table, in every guild. */
  counts: Record<string, number>;
}

export class PrivacyService {
  readonly optOuts: OptOutRegistry;
  readonly #handle: DatabaseHandle;

  constructor(handle: DatabaseHandle, optOuts: OptOutRegistry = new OptOutRegistry(handle.sqlite)) {
    this.#handle = handle;
    this.optOuts = optOuts;
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

  /** Everything about the member, in every guild attune records. */
  export(userId: string, at: number): PersonalDataExport {
    return exportPersonalData(this.#handle.sqlite, { userId, guildId: null }, at);
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

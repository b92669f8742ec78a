/** What /privacy does, without Discord: status, opt-out and opt-in, export, erasure. */
import type { DatabaseHandle } from '../db/connection.js';
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

  /** Erases the member in every guild (their opt-outs included), then re-reads the opt-out registry. */
  erase(userId: string): Record<string, number> {
    const changed = erasePersonalData(this.#handle.sqlite, { userId, guildId: null });
    this.optOuts.refresh();
    return changed;
  }
}

/**
 * The append-only points ledger. Every write is an INSERT keyed by the source event (`source_key`, unique), so
 * writing the same event twice is a no-op; a reversal is another row keyed `reverse:<original key>`, so an event is
 * reversed at most once. Nothing here updates or deletes a row.
 */
import type Database from 'better-sqlite3';
import { inWriteTransaction } from '../db/connection.js';
import { economyQueries, type EconomyQueries } from '../db/queries/economy.js';
import type { Denial, LedgerKind, LedgerReason } from '../db/schema.js';

export interface LedgerEntry {
  guildId: string;
  memberId: string;
  delta: number;
  reason: LedgerReason;
  kind: LedgerKind;
  denial?: Denial | null;
  sourceKey: string;
  postId?: string | null;
  actorId?: string | null;
  note?: string | null;
  at: number;
}

export type ReversalCause = 'reaction_removed' | 'message_deleted' | 'low_quality' | 'contest_excluded';

export function reversalKey(sourceKey: string): string {
  return `reverse:${sourceKey}`;
}

export class Ledger {
  private readonly queries: EconomyQueries;

  constructor(private readonly sqlite: Database.Database) {
    this.queries = economyQueries(sqlite);
  }

  /** Appends the entry unless its source event is already in the ledger. Returns whether a row was written. */
  append(entry: LedgerEntry, recordedAt: number): boolean {
    return this.queries.appendLedgerRow({
      guildId: entry.guildId,
      memberId: entry.memberId,
      delta: entry.delta,
      reason: entry.reason,
      kind: entry.kind,
      denial: entry.denial ?? null,
      sourceKey: entry.sourceKey,
      postId: entry.postId ?? null,
      actorId: entry.actorId ?? null,
      note: entry.note ?? null,
      at: entry.at,
      recordedAt,
    });
  }

  has(sourceKey: string): boolean {
    return this.queries.ledgerEntry(sourceKey) !== undefined;
  }

  /**
   * Writes the compensating entry for `sourceKey` (its delta negated), once. Entries that paid nothing need no
   * reversal. Returns the member whose balance changed, or null when nothing was written.
   */
  reverse(sourceKey: string, cause: ReversalCause, at: number, recordedAt: number, actorId: string | null = null): string | null {
    const original = this.queries.ledgerEntry(sourceKey);
    if (!original || original.delta === 0) return null;
    const written = this.append(
      {
        guildId: original.guildId,
        memberId: original.memberId,
        delta: -original.delta,
        reason: original.reason,
        kind: 'reversal',
        sourceKey: reversalKey(sourceKey),
        postId: original.postId,
        actorId,
        note: cause,
        at,
      },
      recordedAt,
    );
    return written ? original.memberId : null;
  }

  balance(guildId: string, memberId: string): number {
    return this.queries.balance(guildId, memberId);
  }

  /** Runs `fn` in one writing transaction (IMMEDIATE: the ingest worker writes on another connection). */
  transaction<T>(fn: () => T): T {
    return inWriteTransaction(this.sqlite, fn);
  }
}

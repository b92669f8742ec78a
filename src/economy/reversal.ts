/**
 * Moderation's hook into the economy: a post confirmed low quality loses every reward it produced (its own post
 * points, the reactions and replies it earned its author, the reply points it gave, contest entry and placing
 * points) as compensating entries, and earns nothing afterwards. Keyed by the original entries, so calling it twice
 * changes nothing.
 */
import type Database from 'better-sqlite3';
import { inWriteTransaction } from '../db/connection.js';
import { economyQueries } from '../db/queries/economy.js';
import { Ledger, type ReversalCause } from './ledger.js';

export interface PostReversal {
  guildId: string;
  postId: string;
  at: number;
  reason: Extract<ReversalCause, 'low_quality'>;
  /** The moderator who confirmed it, recorded on the compensating entries. */
  by?: string | null;
}

/** Returns the members whose balance changed (empty when the post had no rewards left to reverse). */
export function reversePostRewards(sqlite: Database.Database, reversal: PostReversal): string[] {
  const ledger = new Ledger(sqlite);
  const queries = economyQueries(sqlite);
  const by = reversal.by ?? null;
  return inWriteTransaction(sqlite, () => {
    queries.holdPost({ postId: reversal.postId, guildId: reversal.guildId, reason: reversal.reason, byId: by, at: reversal.at });
    const members = new Set<string>();
    for (const sourceKey of queries.paidAwardKeysOfPost(reversal.postId, reversal.guildId)) {
      const member = ledger.reverse(sourceKey, reversal.reason, reversal.at, reversal.at, by);
      if (member !== null) members.add(member);
    }
    return [...members];
  });
}

/** Whether moderators confirmed the post low quality (it was reversed through reversePostRewards). */
export function isPostHeld(sqlite: Database.Database, postId: string): boolean {
  return economyQueries(sqlite).isPostHeld(postId);
}

/**
 * "Is this post confirmed low quality?" — one answer for every feature. Recommendations, digests and contests
 * filter with these readers; the points economy reverses a post's points through a PostDemotionSubscriber, called
 * inside the transaction that records the demotion (so the demotion and its consequences commit together).
 */
import type Database from 'better-sqlite3';
import type { Db } from '../db/connection.js';
import { moderationQueries } from '../db/queries/moderation.js';

export interface PostDemotedEvent {
  guildId: string;
  postId: string;
  /** The post's author, so subscribers need not look it up. */
  authorId: string;
  moderatorId: string;
  at: number;
}

/** The open transaction a subscriber writes through: the same connection, inside `sqlite.transaction`. */
export interface DemotionTransaction {
  sqlite: Database.Database;
  db: Db;
}

/**
 * Called once per post, when a moderator confirms it low quality, inside that transaction. Must be synchronous
 * (better-sqlite3 transactions are); throwing rolls the confirmation back, so the post stays in the queue.
 */
export type PostDemotionSubscriber = (tx: DemotionTransaction, event: PostDemotedEvent) => void;

export function isPostDemoted(sqlite: Database.Database, postId: string): boolean {
  return moderationQueries(sqlite).isPostDemoted(postId);
}

/** Every demoted post of a guild; filters take it once per request rather than one query per candidate. */
export function demotedPostIds(sqlite: Database.Database, guildId: string): Set<string> {
  return new Set(moderationQueries(sqlite).demotedPostIds(guildId));
}

/**
 * The live half of a member's context: what they did since the serving snapshot (reactions, replies), their
 * feedback, and what their digests already showed. Small indexed queries per member, so feedback and engagement
 * filter from the very next request.
 */
import type Database from 'better-sqlite3';
import { recommendQueries, type RecommendQueries } from '../db/queries/recommend.js';
import type { FeedbackEntry } from './pipeline/types.js';

export interface LiveMemberState {
  engagedSinceSnapshot: Set<string>;
  authorsEngagedSinceSnapshot: Set<string>;
  feedback: Map<string, FeedbackEntry>;
  digested: Set<string>;
}

export class LiveMemberContext {
  readonly #queries: RecommendQueries;

  constructor(sqlite: Database.Database) {
    this.#queries = recommendQueries(sqlite);
  }

  load(guildId: string, memberId: string, since: number): LiveMemberState {
    const queries = this.#queries;
    const engaged = new Set<string>();
    const authors = new Set<string>();
    for (const [postId, authorId] of queries.reactionsSince(guildId, memberId, since)) {
      engaged.add(postId);
      if (authorId !== memberId) authors.add(authorId);
    }
    for (const [postId, authorId] of queries.repliesSince(guildId, memberId, since)) {
      engaged.add(postId);
      if (authorId !== null && authorId !== memberId) authors.add(authorId);
    }
    const feedback = new Map<string, FeedbackEntry>();
    for (const [postId, kind, authorId, channelId] of queries.feedbackOf(guildId, memberId)) {
      feedback.set(postId, { kind, authorId, channelId });
    }
    const digested = new Set(queries.digestedPostIds(guildId, memberId));
    return { engagedSinceSnapshot: engaged, authorsEngagedSinceSnapshot: authors, feedback, digested };
  }
}

/**
 * The live half of a member's context: what they engaged with since the serving snapshot (by the one definition
 * of engagement, src/graph/engagement.ts, which the snapshot and the evaluation use too: reactions, replies,
 * posts in a thread or forum post, mentions shortly after a message), their feedback, and what their digests
 * already showed. Small indexed queries per member, so feedback and engagement filter from the very next request.
 */
import type Database from 'better-sqlite3';
import { recommendQueries, type RecommendQueries } from '../db/queries/recommend.js';
import { MemberEngagementReader } from '../graph/engagement.js';
import type { FeedbackEntry } from './pipeline/types.js';

export interface LiveMemberState {
  engagedSinceSnapshot: Set<string>;
  authorsEngagedSinceSnapshot: Set<string>;
  feedback: Map<string, FeedbackEntry>;
  digested: Set<string>;
}

export class LiveMemberContext {
  readonly #queries: RecommendQueries;
  readonly #engagements: MemberEngagementReader;

  constructor(sqlite: Database.Database) {
    this.#queries = recommendQueries(sqlite);
    this.#engagements = new MemberEngagementReader(sqlite);
  }

  load(guildId: string, memberId: string, since: number): LiveMemberState {
    const queries = this.#queries;
    const engaged = new Set<string>();
    const authors = new Set<string>();
    for (const { post, author } of this.#engagements.since(guildId, memberId, since)) {
      engaged.add(post);
      if (author !== memberId) authors.add(author);
    }
    const feedback = new Map<string, FeedbackEntry>();
    for (const [postId, kind, authorId, channelId] of queries.feedbackOf(guildId, memberId)) {
      feedback.set(postId, { kind, authorId, channelId });
    }
    const digested = new Set(queries.digestedPostIds(guildId, memberId));
    return { engagedSinceSnapshot: engaged, authorsEngagedSinceSnapshot: authors, feedback, digested };
  }
}

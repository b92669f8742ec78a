/**
 * The live half of a member's context: what they engaged with since the serving snapshot (by the one definition
 * of engagement, src/graph/engagement.ts, which the snapshot and the evaluation use too: reactions, replies,
 * posts in a thread or forum post, mentions shortly after a message), their feedback, and what their digests
 * already showed. Small indexed queries per member, so feedback and engagement filter from the very next request.
 */
import type Database from 'better-sqlite3';
import type { FeedbackKind } from '../db/schema-recommend.js';
import { MemberEngagementReader } from '../graph/engagement.js';
import type { FeedbackEntry } from './pipeline/types.js';

export interface LiveMemberState {
  engagedSinceSnapshot: Set<string>;
  authorsEngagedSinceSnapshot: Set<string>;
  feedback: Map<string, FeedbackEntry>;
  digested: Set<string>;
}

export class LiveMemberQueries {
  readonly #engagements: MemberEngagementReader;
  readonly #feedback: Database.Statement;
  readonly #digested: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.#engagements = new MemberEngagementReader(sqlite);
    this.#feedback = sqlite
      .prepare(`SELECT post_id, kind, author_id, channel_id FROM recommendation_feedback WHERE guild_id = ? AND member_id = ?`)
      .raw(true);
    this.#digested = sqlite
      .prepare(
        `SELECT post_id FROM recommendation_impressions
          WHERE guild_id = ? AND member_id = ? AND surface IN ('digest_dm', 'digest_picks')`,
      )
      .pluck(true);
  }

  load(guildId: string, memberId: string, since: number): LiveMemberState {
    const engaged = new Set<string>();
    const authors = new Set<string>();
    for (const { post, author } of this.#engagements.since(guildId, memberId, since)) {
      engaged.add(post);
      authors.add(author);
    }
    const feedback = new Map<string, FeedbackEntry>();
    for (const [postId, kind, authorId, channelId] of this.#feedback.all(guildId, memberId) as [string, FeedbackKind, string, string][]) {
      feedback.set(postId, { kind, authorId, channelId });
    }
    const digested = new Set(this.#digested.all(guildId, memberId) as string[]);
    return { engagedSinceSnapshot: engaged, authorsEngagedSinceSnapshot: authors, feedback, digested };
  }
}

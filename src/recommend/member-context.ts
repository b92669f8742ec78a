/**
 * The live half of a member's context: what they did since the serving snapshot (reactions, replies), their
 * feedback, and what their digests already showed. Small indexed queries per member, so feedback and engagement
 * filter from the very next request.
 */
import type Database from 'better-sqlite3';
import type { FeedbackKind } from '../db/schema-recommend.js';
import type { FeedbackEntry } from './pipeline/types.js';

export interface LiveMemberState {
  engagedSinceSnapshot: Set<string>;
  authorsEngagedSinceSnapshot: Set<string>;
  feedback: Map<string, FeedbackEntry>;
  digested: Set<string>;
}

export class LiveMemberQueries {
  readonly #reactions: Database.Statement;
  readonly #replies: Database.Statement;
  readonly #feedback: Database.Statement;
  readonly #digested: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.#reactions = sqlite
      .prepare(
        `SELECT x.message_id, p.author_id FROM reactions x JOIN posts p ON p.id = x.message_id
          WHERE x.guild_id = ? AND x.user_id = ? AND x.at >= ?`,
      )
      .raw(true);
    this.#replies = sqlite
      .prepare(
        `SELECT reply_to_id, reply_to_author_id FROM posts
          WHERE guild_id = ? AND author_id = ? AND created_at >= ? AND reply_to_id IS NOT NULL`,
      )
      .raw(true);
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
    for (const [postId, authorId] of this.#reactions.all(guildId, memberId, since) as [string, string][]) {
      engaged.add(postId);
      if (authorId !== memberId) authors.add(authorId);
    }
    for (const [postId, authorId] of this.#replies.all(guildId, memberId, since) as [string, string | null][]) {
      engaged.add(postId);
      if (authorId !== null && authorId !== memberId) authors.add(authorId);
    }
    const feedback = new Map<string, FeedbackEntry>();
    for (const [postId, kind, authorId, channelId] of this.#feedback.all(guildId, memberId) as [string, FeedbackKind, string, string][]) {
      feedback.set(postId, { kind, authorId, channelId });
    }
    const digested = new Set(this.#digested.all(guildId, memberId) as string[]);
    return { engagedSinceSnapshot: engaged, authorsEngagedSinceSnapshot: authors, feedback, digested };
  }
}

/**
 * Moderation queries: flags, the review queue and its audit trail, demotions (the one answer to "is this post
 * confirmed low quality?"), quality scores, and the quality model's dataset reads. The dataset reads are SQL
 * (one GROUP BY pass per table over a guild); the rest is drizzle's query builder. Prepared once per connection.
 */
import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import {
  moderationAudit,
  moderationReviews,
  postDemotions,
  postFlags,
  postQualityScores,
  posts,
  type FlagReason,
  type ModerationAuditEntry,
  type PostFlag,
  type ReviewStatus,
} from '../schema.js';
import { perConnection } from './per-connection.js';

/** An open case as the queue shows it: the review, its post and the post it replies to. */
export interface OpenCaseRow {
  postId: string;
  guildId: string;
  openedAt: number;
  channelId: string;
  threadId: string | null;
  authorId: string;
  createdAt: number;
  content: string | null;
  attachmentCount: number;
  replyToId: string | null;
  replyToContent: string | null;
}

/** A guild's post as the quality dataset starts from it, with its review (if any). */
export interface QualityPostRow {
  id: string;
  channelId: string;
  threadId: string | null;
  authorId: string;
  createdAt: number;
  replyToId: string | null;
  attachmentCount: number;
  content: string | null;
  status: ReviewStatus | null;
  resolvedAt: number | null;
  /** 1 when anyone flagged the post. */
  flagged: number;
}

const HOUR_MS = 3_600_000;

export const moderationQueries = perConnection((sqlite, db) => {
  const p = sql.placeholder;
  const livePostGuild = db
    .select({ guildId: posts.guildId })
    .from(posts)
    .where(and(eq(posts.id, p('postId')), isNull(posts.deletedAt)))
    .prepare();
  const postAuthor = db.select({ authorId: posts.authorId }).from(posts).where(eq(posts.id, p('postId'))).prepare();
  const insertFlag = db
    .insert(postFlags)
    .values({
      guildId: p('guildId'),
      postId: p('postId'),
      reporterId: p('reporterId'),
      source: p('source'),
      reason: p('reason'),
      score: p('score'),
      at: p('at'),
    })
    // A reporter flags a post once; the model flags it once (two partial unique indexes).
    .onConflictDoNothing()
    .prepare();
  const setReason = db
    .update(postFlags)
    .set({ reason: sql`${p('reason')}` })
    .where(and(eq(postFlags.guildId, p('guildId')), eq(postFlags.postId, p('postId')), eq(postFlags.reporterId, p('reporterId'))))
    .prepare();
  const flagsOfPost = db
    .select({ source: postFlags.source, reason: postFlags.reason, score: postFlags.score })
    .from(postFlags)
    .where(eq(postFlags.postId, p('postId')))
    .prepare();

  const reviewStatus = db.select({ status: moderationReviews.status }).from(moderationReviews).where(eq(moderationReviews.postId, p('postId'))).prepare();
  const openReview = db
    .insert(moderationReviews)
    .values({ postId: p('postId'), guildId: p('guildId'), status: 'open', openedAt: p('at') })
    .prepare();
  const reopenReview = db
    .update(moderationReviews)
    .set({ status: 'open', openedAt: sql`${p('at')}`, resolvedBy: null, resolvedAt: null })
    .where(eq(moderationReviews.postId, p('postId')))
    .prepare();
  const closeReview = db
    .update(moderationReviews)
    .set({ status: sql`${p('status')}`, resolvedBy: sql`${p('moderatorId')}`, resolvedAt: sql`${p('at')}` })
    .where(and(eq(moderationReviews.guildId, p('guildId')), eq(moderationReviews.postId, p('postId')), eq(moderationReviews.status, 'open')))
    .prepare();
  // Deleted posts are left out of the queue: there is nothing left to demote.
  const openCases = and(eq(moderationReviews.guildId, p('guildId')), eq(moderationReviews.status, 'open'), isNull(posts.deletedAt));
  const openCount = db
    .select({ n: count() })
    .from(moderationReviews)
    .innerJoin(posts, eq(posts.id, moderationReviews.postId))
    .where(openCases)
    .prepare();
  const openCaseLocations = db
    .select({ postId: moderationReviews.postId, channelId: posts.channelId, threadId: posts.threadId })
    .from(moderationReviews)
    .innerJoin(posts, eq(posts.id, moderationReviews.postId))
    .where(openCases)
    .orderBy(asc(moderationReviews.openedAt), asc(moderationReviews.postId))
    .prepare();
  const target = alias(posts, 'target');
  const openCase = db
    .select({
      postId: moderationReviews.postId,
      guildId: moderationReviews.guildId,
      openedAt: moderationReviews.openedAt,
      channelId: posts.channelId,
      threadId: posts.threadId,
      authorId: posts.authorId,
      createdAt: posts.createdAt,
      content: posts.content,
      attachmentCount: posts.attachmentCount,
      replyToId: posts.replyToId,
      replyToContent: target.content,
    })
    .from(moderationReviews)
    .innerJoin(posts, eq(posts.id, moderationReviews.postId))
    .leftJoin(target, eq(target.id, posts.replyToId))
    .where(and(openCases, eq(moderationReviews.postId, p('postId'))))
    .prepare();
  const audit = db
    .insert(moderationAudit)
    .values({ guildId: p('guildId'), actorId: p('actorId'), action: p('action'), postId: p('postId'), reason: p('reason'), at: p('at') })
    .prepare();

  const demote = db
    .insert(postDemotions)
    .values({ postId: p('postId'), guildId: p('guildId'), moderatorId: p('moderatorId'), at: p('at') })
    .onConflictDoNothing()
    .prepare();
  const demoted = db.select({ at: postDemotions.at }).from(postDemotions).where(eq(postDemotions.postId, p('postId'))).prepare();
  const demotedOfGuild = db.select({ id: postDemotions.postId }).from(postDemotions).where(eq(postDemotions.guildId, p('guildId'))).prepare();
  const demotedAmong = sqlite
    .prepare<[guildId: string, postIdsJson: string], string>(
      `SELECT post_id FROM post_demotions WHERE guild_id = ? AND post_id IN (SELECT value FROM json_each(?))`,
    )
    .pluck();

  const upsertScore = db
    .insert(postQualityScores)
    .values({ postId: p('postId'), guildId: p('guildId'), score: p('score'), scoredAt: p('at') })
    .onConflictDoUpdate({ target: postQualityScores.postId, set: { score: sql`excluded.score`, scoredAt: sql`excluded.scored_at` } })
    .prepare();
  const qualityPosts = sqlite.prepare<[guildId: string, before: number], QualityPostRow>(
    `SELECT p.id, p.channel_id AS channelId, p.thread_id AS threadId, p.author_id AS authorId, p.created_at AS createdAt,
            p.reply_to_id AS replyToId, p.attachment_count AS attachmentCount, p.content,
            m.status, m.resolved_at AS resolvedAt,
            EXISTS (SELECT 1 FROM post_flags f WHERE f.post_id = p.id) AS flagged
       FROM posts p LEFT JOIN moderation_reviews m ON m.post_id = p.id
      WHERE p.guild_id = ? AND p.author_is_bot = 0 AND p.deleted_at IS NULL AND p.created_at < ?
      ORDER BY p.created_at, p.id`,
  );
  // One pass per table with GROUP BY rather than a subquery per post: posts.reply_to_id has no index, and a
  // correlated count per post would be quadratic on a large guild.
  const reactionCounts = sqlite.prepare<[guildId: string], { id: string; n: number; firstHour: number }>(
    `SELECT x.message_id AS id, COUNT(DISTINCT x.user_id) AS n,
            COUNT(DISTINCT CASE WHEN x.at < p.created_at + ${HOUR_MS} THEN x.user_id END) AS firstHour
       FROM reactions x JOIN posts p ON p.id = x.message_id
      WHERE x.guild_id = ? AND x.user_id <> p.author_id GROUP BY x.message_id`,
  );
  const replyCounts = sqlite.prepare<[guildId: string], { id: string; n: number }>(
    `SELECT r.reply_to_id AS id, COUNT(*) AS n FROM posts r JOIN posts t ON t.id = r.reply_to_id
      WHERE r.guild_id = ? AND r.deleted_at IS NULL AND r.author_id <> t.author_id GROUP BY r.reply_to_id`,
  );

  return {
    /** The guild of a post not deleted, if stored. */
    livePostGuild: (postId: string): string | undefined => livePostGuild.get({ postId })?.guildId,
    postAuthor: (postId: string): string | undefined => postAuthor.get({ postId })?.authorId,

    /** False when the reporter (or the model) already flagged the post. */
    insertFlag: (flag: Omit<PostFlag, 'id'>): boolean => insertFlag.run(flag).changes > 0,
    /** False when the reporter has no flag on the post. */
    setFlagReason: (guildId: string, postId: string, reporterId: string, reason: FlagReason): boolean =>
      setReason.run({ guildId, postId, reporterId, reason }).changes > 0,
    flagsOfPost: (postId: string): Pick<PostFlag, 'source' | 'reason' | 'score'>[] => flagsOfPost.all({ postId }),

    reviewStatus: (postId: string): ReviewStatus | undefined => reviewStatus.get({ postId })?.status,
    openReview: (postId: string, guildId: string, at: number): void => {
      openReview.run({ postId, guildId, at });
    },
    reopenReview: (postId: string, at: number): void => {
      reopenReview.run({ postId, at });
    },
    /** Resolves an open case; false when it was not open. */
    closeReview: (guildId: string, postId: string, status: Exclude<ReviewStatus, 'open'>, moderatorId: string, at: number): boolean =>
      closeReview.run({ guildId, postId, status, moderatorId, at }).changes > 0,
    openCaseCount: (guildId: string): number => openCount.get({ guildId })?.n ?? 0,
    /** Where each open case's post is, oldest case first (the queue's order). */
    openCaseLocations: (guildId: string): { postId: string; channelId: string; threadId: string | null }[] =>
      openCaseLocations.all({ guildId }),
    /** The post's case when it is open (and the post not deleted). */
    openCase: (guildId: string, postId: string): OpenCaseRow | undefined => openCase.get({ guildId, postId }),
    audit: (entry: Omit<ModerationAuditEntry, 'id'>): void => {
      audit.run(entry);
    },

    demote: (postId: string, guildId: string, moderatorId: string, at: number): void => {
      demote.run({ postId, guildId, moderatorId, at });
    },
    isPostDemoted: (postId: string): boolean => demoted.get({ postId }) !== undefined,
    demotedPostIds: (guildId: string): string[] => demotedOfGuild.all({ guildId }).map((row) => row.id),
    /** Which of the posts are demoted (one indexed query for a whole shortlist). */
    demotedAmong: (guildId: string, postIds: readonly string[]): string[] =>
      postIds.length === 0 ? [] : demotedAmong.all(guildId, JSON.stringify(postIds)),

    upsertQualityScore: (score: { postId: string; guildId: string; score: number; at: number }): void => {
      upsertScore.run(score);
    },
    /** The guild's posts by members created before `before`, oldest first, with their reviews. */
    qualityPosts: (guildId: string, before: number): QualityPostRow[] => qualityPosts.all(guildId, before),
    /** Per post: distinct reactors other than the author, and those within its first hour. */
    reactionCountsByPost: (guildId: string): { id: string; n: number; firstHour: number }[] => reactionCounts.all(guildId),
    /** Per post: live replies by members other than its author. */
    replyCountsByPost: (guildId: string): { id: string; n: number }[] => replyCounts.all(guildId),
  };
});

export type ModerationQueries = ReturnType<typeof moderationQueries>;

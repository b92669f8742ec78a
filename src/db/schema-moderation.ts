/**
 * Moderation: flags and reports on posts, the review queue built from them, the audit trail of every action, and
 * the single source of truth for "this post is confirmed low quality" (post_demotions). Times are epoch ms.
 */
import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { guildIdColumn } from './schema-activity.js';
import { autoIdColumn } from './columns.js';

/** Who raised a flag: a moderator ("Flag low quality"), any member ("Report"), or the learned quality model. */
export const FLAG_SOURCES = ['moderator', 'member', 'model'] as const;
export type FlagSource = (typeof FLAG_SOURCES)[number];

/** Reasons offered as buttons after a flag (the fake Discord has no modals, so reasons are buttons: see src/moderation/flagging.ts). */
export const FLAG_REASONS = ['none', 'spam', 'off_topic', 'low_effort', 'misleading', 'abusive', 'model_score'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];

/**
 * One flag per (post, reporter): flagging twice changes nothing. Model flags have no reporter; the partial unique
 * index keeps one per post.
 */
export const postFlags = sqliteTable(
  'post_flags',
  {
    id: autoIdColumn(),
    guildId: guildIdColumn(),
    postId: text('post_id').notNull(),
    /** Null for model flags. */
    reporterId: text('reporter_id'),
    source: text('source', { enum: FLAG_SOURCES }).notNull(),
    reason: text('reason', { enum: FLAG_REASONS }).notNull().default('none'),
    /** The model's score for model flags. */
    score: real('score'),
    at: integer('at').notNull(),
  },
  (t) => [
    uniqueIndex('post_flags_reporter_uq').on(t.postId, t.reporterId).where(sql`reporter_id IS NOT NULL`),
    uniqueIndex('post_flags_model_uq').on(t.postId).where(sql`source = 'model'`),
    index('post_flags_guild_idx').on(t.guildId, t.at),
  ],
);

export const REVIEW_STATUSES = ['open', 'confirmed', 'dismissed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** The review queue: one case per flagged post, open until a moderator confirms or dismisses it. */
export const moderationReviews = sqliteTable(
  'moderation_reviews',
  {
    postId: text('post_id').primaryKey(),
    guildId: guildIdColumn(),
    status: text('status', { enum: REVIEW_STATUSES }).notNull().default('open'),
    openedAt: integer('opened_at').notNull(),
    resolvedBy: text('resolved_by'),
    resolvedAt: integer('resolved_at'),
  },
  (t) => [index('moderation_reviews_queue_idx').on(t.guildId, t.status, t.openedAt)],
);

export const AUDIT_ACTIONS = ['flag', 'report', 'model_flag', 'reason', 'confirm', 'dismiss'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Every moderation action: who (null: the model, or a member who has since erased their data), what, when. */
export const moderationAudit = sqliteTable(
  'moderation_audit',
  {
    id: autoIdColumn(),
    guildId: guildIdColumn(),
    actorId: text('actor_id'),
    action: text('action', { enum: AUDIT_ACTIONS }).notNull(),
    postId: text('post_id').notNull(),
    reason: text('reason', { enum: FLAG_REASONS }),
    at: integer('at').notNull(),
  },
  (t) => [index('moderation_audit_guild_idx').on(t.guildId, t.at)],
);

/**
 * A post confirmed low quality by a moderator. The one place every feature asks (recommendations, digests,
 * contests, points): see src/moderation/demotions.ts.
 */
export const postDemotions = sqliteTable(
  'post_demotions',
  {
    postId: text('post_id').primaryKey(),
    guildId: guildIdColumn(),
    moderatorId: text('moderator_id'),
    at: integer('at').notNull(),
  },
  (t) => [index('post_demotions_guild_idx').on(t.guildId)],
);

/** The learned quality score of a post (0 = surely low quality, 1 = surely fine), from the latest scoring run. */
export const postQualityScores = sqliteTable(
  'post_quality_scores',
  {
    postId: text('post_id').primaryKey(),
    guildId: guildIdColumn(),
    score: real('score').notNull(),
    scoredAt: integer('scored_at').notNull(),
  },
  (t) => [index('post_quality_scores_guild_idx').on(t.guildId, t.score)],
);

export type PostFlag = typeof postFlags.$inferSelect;
export type ModerationReview = typeof moderationReviews.$inferSelect;
export type ModerationAuditEntry = typeof moderationAudit.$inferSelect;
export type PostDemotion = typeof postDemotions.$inferSelect;

/**
 * Recommendations and daily digests: what was shown to whom (impressions), what members said about it (feedback,
 * "Show my picks" presses), the digest configuration (per guild and per member), each day's run and each member's
 * digest of the day (composed once; delivery goes through the delivery outbox, schema-delivery.ts). Training and
 * /stats read impressions, feedback and the `recommendation_engagement` view; nothing here stores message text.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, sqliteView, text } from 'drizzle-orm/sqlite-core';
import type { DigestItem } from './json-types.js';
import { guildIdColumn, guilds } from './schema-activity.js';
import { autoIdColumn } from './columns.js';

/** Where a member saw a recommended post. */
export const RECOMMENDATION_SURFACES = ['recommend', 'digest_dm', 'digest_picks'] as const;
export type RecommendationSurface = (typeof RECOMMENDATION_SURFACES)[number];

/**
 * One row per (member, post, surface): the first time the post was shown there. Digest impressions are what keeps
 * an item out of every later digest of the same member.
 */
export const recommendationImpressions = sqliteTable(
  'recommendation_impressions',
  {
    guildId: guildIdColumn(),
    memberId: text('member_id').notNull(),
    postId: text('post_id').notNull(),
    surface: text('surface', { enum: RECOMMENDATION_SURFACES }).notNull(),
    shownAt: integer('shown_at').notNull(),
    /** 0-based position in the list shown. */
    rank: integer('rank').notNull(),
    /** The serving method that scored it (registry's choice, or `cold-start`). */
    method: text('method').notNull(),
    /** The explanation's kind (`friends_reacted`, `rising`, …), for offline analysis of which reasons work. */
    reason: text('reason').notNull(),
    /** The digest day (guild-local YYYY-MM-DD) for digest surfaces. */
    day: text('day'),
  },
  (t) => [
    primaryKey({ columns: [t.guildId, t.memberId, t.postId, t.surface] }),
    index('recommendation_impressions_post_idx').on(t.postId),
  ],
);

export const FEEDBACK_KINDS = ['more', 'less', 'hide'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/** 👍 more like this, 👎 not for me, hide. The latest press per (member, post) counts; any feedback filters the post. */
export const recommendationFeedback = sqliteTable(
  'recommendation_feedback',
  {
    guildId: guildIdColumn(),
    memberId: text('member_id').notNull(),
    postId: text('post_id').notNull(),
    kind: text('kind', { enum: FEEDBACK_KINDS }).notNull(),
    /** Author and channel of the post at feedback time, so "more/less like this" can apply without a join. */
    authorId: text('author_id').notNull(),
    channelId: text('channel_id').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.memberId, t.postId] })],
);

/** Admin configuration of the daily digest (`/settings digest`). */
export const digestSettings = sqliteTable('digest_settings', {
  guildId: text('guild_id')
    .primaryKey()
    .references(() => guilds.id, { onDelete: 'cascade' }),
  enabled: integer('enabled', { mode: 'boolean' }).notNull(),
  /** Where the community digest is posted. */
  channelId: text('channel_id').notNull(),
  /** Local hour (0–23), in the guild's time zone (guild_settings), at which the digest goes out. */
  hour: integer('hour').notNull(),
  /** Items per personal digest. */
  size: integer('size').notNull(),
  /** The guild-local day (YYYY-MM-DD) of the last run started; a day runs at most once. */
  lastRunDay: text('last_run_day'),
  updatedBy: text('updated_by').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const DIGEST_MODES = ['off', 'channel', 'dm'] as const;
export type DigestMode = (typeof DIGEST_MODES)[number];

/** A member's own choice (`/digest`); absent means `channel` (the picks button, never an unsolicited DM). */
export const digestPreferences = sqliteTable(
  'digest_preferences',
  {
    guildId: guildIdColumn(),
    memberId: text('member_id').notNull(),
    mode: text('mode', { enum: DIGEST_MODES }).notNull(),
    /** Set when Discord refused a DM (50007): DM digests stop until the member picks DM again. */
    dmClosedAt: integer('dm_closed_at'),
    /**
     * Discord locale of the member's client when they last chose their mode (`interaction.locale`): the language of
     * their DM digests, which have no interaction of their own. Null (rows from before): the guild's preferred locale.
     */
    locale: text('locale'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.memberId] })],
);

export const DIGEST_RUN_STATUSES = ['composing', 'delivering', 'done'] as const;

/** One row per guild and local day: the community digest and the progress of that day's batch. */
export const digestRuns = sqliteTable(
  'digest_runs',
  {
    guildId: guildIdColumn(),
    day: text('day').notNull(),
    status: text('status', { enum: DIGEST_RUN_STATUSES }).notNull(),
    channelId: text('channel_id').notNull(),
    size: integer('size').notNull(),
    /** JSON DigestItem[]: the community digest's items. */
    items: text('items', { mode: 'json' }).$type<DigestItem[]>().notNull(),
    /** The community message, once Discord accepted it. */
    messageId: text('message_id'),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.day] })],
);

export const MEMBER_DIGEST_KINDS = ['dm', 'picks'] as const;
export type MemberDigestKind = (typeof MEMBER_DIGEST_KINDS)[number];

/**
 * A member's personal digest for one local day, composed once: by the daily run for members who chose DMs (`dm`;
 * delivered through the delivery outbox), or when they press "Show my picks" first (`picks`, shown ephemerally). The
 * primary key is the "one digest per member and day" guarantee: a restart, a second press or the DM's picks button
 * reads this row instead of composing again.
 */
export const memberDigests = sqliteTable(
  'member_digests',
  {
    guildId: guildIdColumn(),
    memberId: text('member_id').notNull(),
    day: text('day').notNull(),
    kind: text('kind', { enum: MEMBER_DIGEST_KINDS }).notNull(),
    /** JSON DigestItem[] as composed (post, channel, thread, author, reason). */
    items: text('items', { mode: 'json' }).$type<DigestItem[]>().notNull(),
    /** The method that scored the items. */
    method: text('method').notNull(),
    composedAt: integer('composed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.memberId, t.day] })],
);

/**
 * "Show my picks" presses (an online engagement metric): one row per member and digest day, however often they press
 * (a press adds to `presses`), so pressing can never grow the table without bound.
 */
export const digestPicksPresses = sqliteTable(
  'digest_picks_presses',
  {
    guildId: guildIdColumn(),
    memberId: text('member_id').notNull(),
    day: text('day').notNull(),
    /** The first press. */
    at: integer('at').notNull(),
    lastAt: integer('last_at').notNull(),
    presses: integer('presses').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.memberId, t.day] }), index('digest_picks_presses_guild_idx').on(t.guildId, t.day)],
);

/**
 * Reactions and replies a member gave a recommended post after it was shown to them: the online engagement metric
 * /stats shows and training reads as a positive label. A view, so a removed reaction or deleted reply takes its
 * engagement with it.
 */
export const recommendationEngagement = sqliteView('recommendation_engagement', {
  guildId: text('guild_id').notNull(),
  memberId: text('member_id').notNull(),
  postId: text('post_id').notNull(),
  surface: text('surface', { enum: RECOMMENDATION_SURFACES }).notNull(),
  shownAt: integer('shown_at').notNull(),
  kind: text('kind', { enum: ['reaction', 'reply'] }).notNull(),
  at: integer('at').notNull(),
}).as(sql`
  SELECT i.guild_id AS guild_id, i.member_id AS member_id, i.post_id AS post_id, i.surface AS surface,
         i.shown_at AS shown_at, 'reaction' AS kind, MIN(x.at) AS at
    FROM recommendation_impressions i
    JOIN reactions x ON x.message_id = i.post_id AND x.user_id = i.member_id AND x.at >= i.shown_at
   GROUP BY i.guild_id, i.member_id, i.post_id, i.surface
  UNION ALL
  SELECT i.guild_id, i.member_id, i.post_id, i.surface, i.shown_at, 'reply', MIN(p.created_at)
    FROM recommendation_impressions i
    JOIN posts p ON p.reply_to_id = i.post_id AND p.author_id = i.member_id AND p.created_at >= i.shown_at
                AND p.deleted_at IS NULL
   GROUP BY i.guild_id, i.member_id, i.post_id, i.surface
`);

export type DigestSettings = typeof digestSettings.$inferSelect;
export type DigestRun = typeof digestRuns.$inferSelect;
export type MemberDigest = typeof memberDigests.$inferSelect;

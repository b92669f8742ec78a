/**
 * The points economy and creation contests. The ledger is the only place points live: a balance is the SUM of a
 * member's ledger rows, and every row names the source event it came from (unique), so a replayed or re-derived
 * event never pays twice. Reversals are new rows, never edits or deletes.
 */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { guildIdColumn, guilds } from './schema-activity.js';
import { integerRefColumn, autoIdColumn } from './columns.js';

export const LEDGER_REASONS = [
  'post',
  'reaction_received',
  'reply_received',
  'contest_entry',
  'contest_placing',
  'adjustment',
] as const;
export type LedgerReason = (typeof LEDGER_REASONS)[number];

export const LEDGER_KINDS = ['award', 'reversal', 'adjustment'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** Why an award paid nothing (or less than the rule's points): shown in the audit trail and `/economy rules`. */
export const DENIALS = ['self', 'new_member', 'pair_cap', 'daily_cap', 'cooldown', 'low_quality'] as const;
export type Denial = (typeof DENIALS)[number];

export const pointsLedger = sqliteTable(
  'points_ledger',
  {
    id: autoIdColumn(),
    guildId: guildIdColumn(),
    memberId: text('member_id').notNull(),
    delta: integer('delta').notNull(),
    reason: text('reason', { enum: LEDGER_REASONS }).notNull(),
    kind: text('kind', { enum: LEDGER_KINDS }).notNull(),
    /** Set when an award paid less than the rule's points, and why. */
    denial: text('denial', { enum: DENIALS }),
    /**
     * The event this row accounts for: `post:<id>`, `reaction:<post>:<member>`, `reply:<id>`,
     * `contest_entry:<entry>`, `contest_placing:<contest>:<entry>`, `adjust:<interaction>`, `reverse:<key>`.
     */
    sourceKey: text('source_key').notNull(),
    /** The post the row is about (the post, the reacted post, the reply, the contest entry). */
    postId: text('post_id'),
    /** Whose action produced it: the reacting or replying member, the moderator of an adjustment or reversal. */
    actorId: text('actor_id'),
    /** Free text: an adjustment's reason; a reversal's cause (reaction_removed, message_deleted, low_quality). */
    note: text('note'),
    /** When the rewarded activity happened (for reversals and adjustments: when they were made). Periods use it. */
    at: integer('at').notNull(),
    /** When the row was written. */
    recordedAt: integer('recorded_at').notNull(),
  },
  (t) => [
    uniqueIndex('points_ledger_source_key_idx').on(t.sourceKey),
    index('points_ledger_member_idx').on(t.guildId, t.memberId, t.at),
    index('points_ledger_guild_at_idx').on(t.guildId, t.at),
    index('points_ledger_post_idx').on(t.postId),
  ],
);

/** Per-guild economy settings (JSON validated by economyConfigSchema); absent row = defaults. */
export const economyConfigs = sqliteTable('economy_configs', {
  guildId: text('guild_id')
    .primaryKey()
    .references(() => guilds.id, { onDelete: 'cascade' }),
  config: text('config').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** Posts whose rewards were reversed (confirmed low quality): they earn nothing more, ever. */
export const economyPostHolds = sqliteTable('economy_post_holds', {
  postId: text('post_id').primaryKey(),
  guildId: guildIdColumn(),
  reason: text('reason').notNull(),
  byId: text('by_id'),
  at: integer('at').notNull(),
});

/**
 * Seasons: season n covers ledger rows with `at` in [startedAt, endedAt). Starting a new season closes the current
 * one and snapshots its standings; the ledger is never touched.
 */
export const economySeasons = sqliteTable(
  'economy_seasons',
  {
    id: autoIdColumn(),
    guildId: guildIdColumn(),
    number: integer('number').notNull(),
    startedAt: integer('started_at').notNull(),
    endedAt: integer('ended_at'),
    startedBy: text('started_by'),
  },
  (t) => [uniqueIndex('economy_seasons_number_idx').on(t.guildId, t.number)],
);

/** The final standings of an ended season, as they were when it ended. */
export const economySeasonStandings = sqliteTable(
  'economy_season_standings',
  {
    seasonId: integerRefColumn('season_id', () => economySeasons.id),
    memberId: text('member_id').notNull(),
    rank: integer('rank').notNull(),
    points: integer('points').notNull(),
  },
  (t) => [primaryKey({ columns: [t.seasonId, t.memberId] })],
);

export const badgeAwards = sqliteTable(
  'badge_awards',
  {
    guildId: guildIdColumn(),
    memberId: text('member_id').notNull(),
    badge: text('badge').notNull(),
    awardedAt: integer('awarded_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.memberId, t.badge] })],
);

export const ROLE_GRANT_STATES = ['pending', 'granted', 'failed'] as const;

/** A role reward a member reached: granted once, retried while pending. */
export const roleGrants = sqliteTable(
  'economy_role_grants',
  {
    guildId: guildIdColumn(),
    memberId: text('member_id').notNull(),
    roleId: text('role_id').notNull(),
    state: text('state', { enum: ROLE_GRANT_STATES }).notNull(),
    error: text('error'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.memberId, t.roleId] })],
);

/**
 * Problems only an admin can fix (attune lacks Manage Roles): one row per guild and kind, so the admin is told once
 * and attune stops retrying until the setting is changed (which clears the row).
 */
export const adminNotices = sqliteTable(
  'economy_admin_notices',
  {
    guildId: guildIdColumn(),
    kind: text('kind').notNull(),
    detail: text('detail'),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.kind] })],
);

export const CONTEST_STATES = ['open', 'voting', 'closed', 'cancelled'] as const;
export type ContestState = (typeof CONTEST_STATES)[number];
export const VOTE_MODES = ['buttons', 'reactions'] as const;
export type VoteMode = (typeof VOTE_MODES)[number];

export const contests = sqliteTable(
  'contests',
  {
    id: autoIdColumn(),
    guildId: guildIdColumn(),
    title: text('title').notNull(),
    theme: text('theme').notNull(),
    /** The channel or thread where entries are posted and the contest is announced. */
    channelId: text('channel_id').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at').notNull(),
    submissionEndsAt: integer('submission_ends_at').notNull(),
    votingEndsAt: integer('voting_ends_at').notNull(),
    entriesPerMember: integer('entries_per_member').notNull(),
    votesPerMember: integer('votes_per_member').notNull(),
    voteMode: text('vote_mode', { enum: VOTE_MODES }).notNull(),
    /** Reaction mode: the emoji that counts as a vote (unicode, or a custom emoji's id). */
    voteEmoji: text('vote_emoji').notNull(),
    /** Anti-alt: only members who joined before the contest was created may vote. */
    joinedBeforeOnly: integer('joined_before_only', { mode: 'boolean' }).notNull(),
    state: text('state', { enum: CONTEST_STATES }).notNull(),
    votingOpenedAt: integer('voting_opened_at'),
    closedAt: integer('closed_at'),
  },
  (t) => [index('contests_guild_state_idx').on(t.guildId, t.state)],
);

export const contestEntries = sqliteTable(
  'contest_entries',
  {
    id: autoIdColumn(),
    contestId: integerRefColumn('contest_id', () => contests.id),
    postId: text('post_id').notNull(),
    memberId: text('member_id').notNull(),
    submittedAt: integer('submitted_at').notNull(),
    source: text('source', { enum: ['command', 'post'] }).notNull(),
  },
  (t) => [uniqueIndex('contest_entries_post_idx').on(t.contestId, t.postId), index('contest_entries_member_idx').on(t.contestId, t.memberId)],
);

export const contestVotes = sqliteTable(
  'contest_votes',
  {
    contestId: integerRefColumn('contest_id', () => contests.id),
    entryId: integerRefColumn('entry_id', () => contestEntries.id),
    voterId: text('voter_id').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.voterId] }), index('contest_votes_voter_idx').on(t.contestId, t.voterId)],
);

/** Why an entry was left out of a contest's ranking: its post was deleted, or confirmed low quality. */
export const CONTEST_EXCLUSIONS = ['deleted', 'low_quality'] as const;
export type ContestExclusion = (typeof CONTEST_EXCLUSIONS)[number];

/** Final placings, written once when a contest closes. */
export const contestResults = sqliteTable(
  'contest_results',
  {
    contestId: integerRefColumn('contest_id', () => contests.id),
    entryId: integerRefColumn('entry_id', () => contestEntries.id),
    place: integer('place').notNull(),
    votes: integer('votes').notNull(),
    /** Why an entry was left out of the ranking; null for ranked entries. */
    excluded: text('excluded', { enum: CONTEST_EXCLUSIONS }),
  },
  (t) => [primaryKey({ columns: [t.contestId, t.entryId] })],
);

export type LedgerRow = typeof pointsLedger.$inferSelect;
export type Contest = typeof contests.$inferSelect;
export type ContestEntry = typeof contestEntries.$inferSelect;
export type ContestResult = typeof contestResults.$inferSelect;

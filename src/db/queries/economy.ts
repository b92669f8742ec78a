/**
 * The points economy's queries: the ledger (append-only, keyed by source event), what the sync reads to decide
 * awards, badges, role grants and admin notices, standings, seasons and the per-guild config. Statements on the
 * sync's path (one or more per rewarded event) are better-sqlite3 statements prepared once; the aggregates over
 * the ledger are SQL drizzle would only wrap in `sql` templates; the rest goes through drizzle's query builder.
 */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import {
  badgeAwards,
  economyConfigs,
  economySeasons,
  economySeasonStandings,
  type LedgerReason,
  type LedgerRow,
} from '../schema.js';
import { perConnection } from './per-connection.js';

/** A ledger row as written (the id is the database's). */
export type NewLedgerRow = Omit<LedgerRow, 'id'>;

/** The part of a stored ledger row a reversal needs. */
export type LedgerEntryFacts = Pick<LedgerRow, 'guildId' | 'memberId' | 'delta' | 'reason' | 'postId'>;

/** A post's ledger rows as the sync compares them with its activity. */
export type PostLedgerEntry = Pick<LedgerRow, 'sourceKey' | 'reason' | 'kind' | 'delta' | 'actorId'>;

/** What the sync needs to know about a post. */
export interface PostRewardFacts {
  id: string;
  guildId: string;
  authorId: string;
  /** The post's own flag, or its author is known as a bot. */
  authorIsBot: boolean;
  createdAt: number;
  deletedAt: number | null;
  /** Whom it replies to (stored with the reply, or the stored target's author); null when not a reply. */
  replyToAuthorId: string | null;
}

export interface MemberRewardFacts {
  isBot: boolean;
  joinedAt: number | null;
}

/** A day (or any [start, end) window) of a member's awards for one reason. */
export interface AwardWindow {
  guildId: string;
  memberId: string;
  reason: LedgerReason;
  start: number;
  end: number;
}

export interface Range {
  start: number;
  end: number;
}

export interface StandingRow {
  memberId: string;
  points: number;
}

export interface RoleGrantKey {
  guildId: string;
  memberId: string;
  roleId: string;
}

export interface SeasonRow {
  number: number;
  startedAt: number;
}

export const BADGE_COUNT_METRICS = ['paidPosts', 'reactionsReceived', 'repliesWithReactions', 'contestWins'] as const;
export type BadgeCountMetric = (typeof BADGE_COUNT_METRICS)[number];

/** Written into the SQL: a bound JS number is a REAL, and the division would not truncate. */
const QUARTER_HOUR_MS = 900_000;

/** Rewarded awards that were not reversed since (`l` is the award). */
const NOT_REVERSED = `NOT EXISTS (SELECT 1 FROM points_ledger r WHERE r.source_key = 'reverse:' || l.source_key)`;

/** The member (`guild`, `member`: SQL expressions) opted out there: not shown, ranked or paid (PRIVACY.md). */
const optedOut = (guild: string, member: string) =>
  `EXISTS (SELECT 1 FROM privacy_opt_outs o WHERE o.guild_id = ${guild} AND o.user_id = ${member})`;

/** Per present, non-bot member who has not opted out: the sum of their ledger rows in [start, end), where it is not zero. */
const PRESENT_SUMS = `SELECT l.member_id AS memberId, SUM(l.delta) AS points FROM points_ledger l
  JOIN members m ON m.guild_id = l.guild_id AND m.user_id = l.member_id
  WHERE l.guild_id = @guildId AND l.at >= @start AND l.at < @end AND m.left_at IS NULL AND m.is_bot = 0
    AND NOT ${optedOut('l.guild_id', 'l.member_id')}
  GROUP BY l.member_id HAVING SUM(l.delta) <> 0`;
/** Ties are broken by member id (numerically: shorter snowflakes are older), so pages are stable. */
const STANDING_ORDER = `ORDER BY points DESC, length(l.member_id), l.member_id`;

type GuildRange = { guildId: string } & Range;

export const economyQueries = perConnection((sqlite, db) => {
  const appendRow = sqlite.prepare<NewLedgerRow>(`INSERT INTO points_ledger
      (guild_id, member_id, delta, reason, kind, denial, source_key, post_id, actor_id, note, at, recorded_at)
    VALUES (@guildId, @memberId, @delta, @reason, @kind, @denial, @sourceKey, @postId, @actorId, @note, @at, @recordedAt)
    ON CONFLICT(source_key) DO NOTHING`);
  const entryByKey = sqlite.prepare<[sourceKey: string], LedgerEntryFacts>(
    `SELECT guild_id AS guildId, member_id AS memberId, delta, reason, post_id AS postId FROM points_ledger WHERE source_key = ?`,
  );
  const balance = sqlite
    .prepare<[guildId: string, memberId: string], number>(
      `SELECT COALESCE(SUM(delta), 0) FROM points_ledger WHERE guild_id = ? AND member_id = ?`,
    )
    .pluck();

  const postFacts = sqlite.prepare<[postId: string], Omit<PostRewardFacts, 'authorIsBot'> & { authorIsBot: number }>(
    `SELECT p.id, p.guild_id AS guildId, p.author_id AS authorId,
        (p.author_is_bot OR EXISTS (SELECT 1 FROM members b WHERE b.guild_id = p.guild_id AND b.user_id = p.author_id AND b.is_bot = 1)) AS authorIsBot,
        p.created_at AS createdAt, p.deleted_at AS deletedAt,
        CASE WHEN p.reply_to_id IS NULL THEN NULL ELSE COALESCE(p.reply_to_author_id, t.author_id) END AS replyToAuthorId
      FROM posts p LEFT JOIN posts t ON t.id = p.reply_to_id WHERE p.id = ?`,
  );
  const held = sqlite.prepare<[postId: string], number>(`SELECT 1 FROM economy_post_holds WHERE post_id = ?`).pluck();
  const hold = sqlite.prepare<[postId: string, guildId: string, reason: string, byId: string | null, at: number]>(
    `INSERT INTO economy_post_holds (post_id, guild_id, reason, by_id, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const firstReactions = sqlite.prepare<[postId: string], { userId: string; at: number }>(
    `SELECT user_id AS userId, MIN(at) AS at FROM reactions WHERE message_id = ? GROUP BY user_id`,
  );
  const entriesOfPost = sqlite.prepare<[postId: string], PostLedgerEntry>(
    `SELECT source_key AS sourceKey, reason, kind, delta, actor_id AS actorId FROM points_ledger WHERE post_id = ?`,
  );
  const paidAwardKeys = sqlite
    .prepare<[postId: string, guildId: string], string>(
      `SELECT source_key FROM points_ledger WHERE post_id = ? AND guild_id = ? AND kind = 'award' AND delta <> 0 ORDER BY id`,
    )
    .pluck();
  const member = sqlite.prepare<[guildId: string, userId: string], { isBot: number; joinedAt: number | null }>(
    `SELECT is_bot AS isBot, joined_at AS joinedAt FROM members WHERE guild_id = ? AND user_id = ?`,
  );
  const awarded = sqlite
    .prepare<AwardWindow, number>(
      `SELECT COALESCE(SUM(delta), 0) FROM points_ledger
        WHERE guild_id = @guildId AND member_id = @memberId AND reason = @reason AND kind = 'award' AND at >= @start AND at < @end`,
    )
    .pluck();
  // Two lookups on the member index (an OR over both directions would scan the guild's whole day).
  const pairRewards = sqlite
    .prepare<{ guildId: string; a: string; b: string } & Range, number>(
      `SELECT
          (SELECT COUNT(*) FROM points_ledger WHERE guild_id = @guildId AND member_id = @a AND at >= @start AND at < @end
             AND actor_id = @b AND kind = 'award' AND delta > 0 AND reason IN ('reaction_received', 'reply_received'))
        + (SELECT COUNT(*) FROM points_ledger WHERE guild_id = @guildId AND member_id = @b AND at >= @start AND at < @end
             AND actor_id = @a AND kind = 'award' AND delta > 0 AND reason IN ('reaction_received', 'reply_received'))`,
    )
    .pluck();
  const paidPostBetween = sqlite
    .prepare<{ guildId: string; memberId: string; from: number; to: number }, number>(
      `SELECT 1 FROM points_ledger
        WHERE guild_id = @guildId AND member_id = @memberId AND reason = 'post' AND kind = 'award' AND delta > 0
          AND at > @from AND at < @to LIMIT 1`,
    )
    .pluck();
  const maxPostRowid = sqlite.prepare<[], number>(`SELECT COALESCE(MAX(rowid), 0) FROM posts`).pluck();
  // Posts in a rowid window whose ledger is out of step with their activity (see EconomySync.reconcilePost), in
  // guilds whose economy is on, counting only activity since it was turned on. A reaction award whose actor is an
  // erasure pseudonym (`erased:`) stays: the reaction is gone because of the erasure, not because it was removed.
  const outOfStep = sqlite
    .prepare<{ lo: number; hi: number; erasedPrefix: string }, string>(
      `SELECT p.id FROM posts p LEFT JOIN guild_settings s ON s.guild_id = p.guild_id
        WHERE p.rowid > @lo AND p.rowid <= @hi AND p.author_is_bot = 0 AND (s.guild_id IS NULL OR s.economy_on_since IS NOT NULL) AND (
          (p.deleted_at IS NULL AND p.created_at >= COALESCE(s.economy_on_since, 0)
              AND NOT EXISTS (SELECT 1 FROM points_ledger l WHERE l.source_key = 'post:' || p.id)
              AND NOT ${optedOut('p.guild_id', 'p.author_id')})
          OR (p.deleted_at IS NULL AND p.reply_to_id IS NOT NULL AND p.created_at >= COALESCE(s.economy_on_since, 0)
              AND NOT EXISTS (SELECT 1 FROM points_ledger l WHERE l.source_key = 'reply:' || p.id)
              AND NOT ${optedOut('p.guild_id', `COALESCE(p.reply_to_author_id, (SELECT t.author_id FROM posts t WHERE t.id = p.reply_to_id))`)})
          OR (EXISTS (SELECT 1 FROM reactions x WHERE x.message_id = p.id AND x.at >= COALESCE(s.economy_on_since, 0)
              AND NOT EXISTS (SELECT 1 FROM points_ledger l WHERE l.source_key = 'reaction:' || p.id || ':' || x.user_id))
              AND NOT ${optedOut('p.guild_id', 'p.author_id')})
          OR EXISTS (SELECT 1 FROM points_ledger l WHERE l.post_id = p.id AND l.kind = 'award' AND l.delta <> 0
              AND l.reason IN ('post', 'reply_received', 'reaction_received') AND ${NOT_REVERSED}
              AND (p.deleted_at IS NOT NULL OR (l.reason = 'reaction_received' AND COALESCE(l.actor_id, '') NOT LIKE @erasedPrefix || '%'
                   AND NOT EXISTS (SELECT 1 FROM reactions x WHERE x.message_id = p.id AND x.user_id = l.actor_id)))))`,
    )
    .pluck();

  const heldBadges = sqlite
    .prepare<[guildId: string, memberId: string], string>(`SELECT badge FROM badge_awards WHERE guild_id = ? AND member_id = ?`)
    .pluck();
  const awardBadge = db
    .insert(badgeAwards)
    .values({
      guildId: sql.placeholder('guildId'),
      memberId: sql.placeholder('memberId'),
      badge: sql.placeholder('badge'),
      awardedAt: sql.placeholder('at'),
    })
    .onConflictDoNothing()
    .prepare();
  const count = (query: string) => sqlite.prepare<[guildId: string, memberId: string], number>(query).pluck();
  const badgeCounts: Record<BadgeCountMetric, ReturnType<typeof count>> = {
    paidPosts: count(`SELECT COUNT(*) FROM points_ledger WHERE guild_id = ? AND member_id = ? AND reason = 'post' AND kind = 'award' AND delta > 0`),
    reactionsReceived: count(`SELECT COUNT(*) FROM points_ledger l WHERE l.guild_id = ? AND l.member_id = ?
      AND l.reason = 'reaction_received' AND l.kind = 'award' AND l.delta > 0 AND ${NOT_REVERSED}`),
    // Reactions that paid (so a self-reaction or a fresh alt's reaction earns no badge either).
    repliesWithReactions: count(`SELECT COUNT(*) FROM posts p WHERE p.guild_id = ? AND p.author_id = ? AND p.reply_to_id IS NOT NULL
      AND p.deleted_at IS NULL AND EXISTS (SELECT 1 FROM points_ledger l WHERE l.post_id = p.id AND l.reason = 'reaction_received'
        AND l.kind = 'award' AND l.delta > 0 AND ${NOT_REVERSED})`),
    contestWins: count(`SELECT COUNT(*) FROM contest_results r JOIN contest_entries e ON e.id = r.entry_id
      JOIN contests c ON c.id = r.contest_id WHERE c.guild_id = ? AND e.member_id = ? AND r.place = 1`),
  };
  // Quarter hours collapse bursts of posts into few rows and keep every post on its local day: every time zone's
  // offset is a whole number of quarter hours, so a local midnight is always on a quarter-hour boundary.
  const postQuarters = sqlite
    .prepare<[guildId: string, memberId: string], number>(
      `SELECT DISTINCT (created_at / ${QUARTER_HOUR_MS}) * ${QUARTER_HOUR_MS} FROM posts WHERE guild_id = ? AND author_id = ? AND deleted_at IS NULL`,
    )
    .pluck();

  const queueRoleGrant = sqlite.prepare<[guildId: string, memberId: string, roleId: string, createdAt: number, updatedAt: number]>(
    `INSERT INTO economy_role_grants (guild_id, member_id, role_id, state, created_at, updated_at)
     VALUES (?, ?, ?, 'pending', ?, ?) ON CONFLICT DO NOTHING`,
  );
  const hasNotice = sqlite
    .prepare<[guildId: string, kind: string], number>(`SELECT 1 FROM economy_admin_notices WHERE guild_id = ? AND kind = ?`)
    .pluck();
  const clearNotice = sqlite.prepare<[guildId: string, kind: string]>(`DELETE FROM economy_admin_notices WHERE guild_id = ? AND kind = ?`);
  const addNotice = sqlite.prepare<[guildId: string, kind: string, detail: string | null, at: number]>(
    `INSERT INTO economy_admin_notices (guild_id, kind, detail, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const pendingGrants = sqlite.prepare<[blockingNotice: string, limit: number], RoleGrantKey>(
    `SELECT g.guild_id AS guildId, g.member_id AS memberId, g.role_id AS roleId FROM economy_role_grants g
      WHERE g.state = 'pending' AND NOT EXISTS (SELECT 1 FROM economy_admin_notices n WHERE n.guild_id = g.guild_id AND n.kind = ?)
        AND EXISTS (SELECT 1 FROM members m WHERE m.guild_id = g.guild_id AND m.user_id = g.member_id AND m.left_at IS NULL)
        AND NOT ${optedOut('g.guild_id', 'g.member_id')}
      ORDER BY g.created_at LIMIT ?`,
  );
  const setGrantState = sqlite.prepare<RoleGrantKey & { state: 'granted' | 'failed'; error: string | null; at: number }>(
    `UPDATE economy_role_grants SET state = @state, error = @error, updated_at = @at
      WHERE guild_id = @guildId AND member_id = @memberId AND role_id = @roleId`,
  );

  const standingsCount = sqlite.prepare<GuildRange, number>(`SELECT COUNT(*) FROM (${PRESENT_SUMS})`).pluck();
  const standingsPage = sqlite.prepare<GuildRange & { limit: number; offset: number }, StandingRow>(
    `${PRESENT_SUMS} ${STANDING_ORDER} LIMIT @limit OFFSET @offset`,
  );
  const allStandings = sqlite.prepare<GuildRange, StandingRow>(`${PRESENT_SUMS} ${STANDING_ORDER}`);
  const pointsInRange = sqlite
    .prepare<GuildRange & { memberId: string }, number>(
      `SELECT COALESCE(SUM(delta), 0) FROM points_ledger WHERE guild_id = @guildId AND member_id = @memberId AND at >= @start AND at < @end`,
    )
    .pluck();
  const onBoard = sqlite
    .prepare<[guildId: string, userId: string], number>(
      `SELECT 1 FROM members m WHERE m.guild_id = ? AND m.user_id = ? AND m.left_at IS NULL AND m.is_bot = 0
          AND NOT ${optedOut('m.guild_id', 'm.user_id')}`,
    )
    .pluck();
  const ahead = sqlite
    .prepare<GuildRange & { memberId: string; points: number }, number>(
      `SELECT COUNT(*) FROM (${PRESENT_SUMS}) s
        WHERE s.points > @points OR (s.points = @points AND (length(s.memberId) < length(@memberId)
          OR (length(s.memberId) = length(@memberId) AND s.memberId < @memberId)))`,
    )
    .pluck();
  const breakdown = sqlite.prepare<[guildId: string, memberId: string], { reason: LedgerReason; points: number }>(
    `SELECT reason, SUM(delta) AS points FROM points_ledger WHERE guild_id = ? AND member_id = ?
      GROUP BY reason HAVING SUM(delta) <> 0 ORDER BY points DESC`,
  );

  const currentSeason = db
    .select({ number: economySeasons.number, startedAt: economySeasons.startedAt })
    .from(economySeasons)
    .where(and(eq(economySeasons.guildId, sql.placeholder('guildId')), isNull(economySeasons.endedAt)))
    .orderBy(desc(economySeasons.number))
    .limit(1)
    .prepare();
  const seasonId = db
    .select({ id: economySeasons.id })
    .from(economySeasons)
    .where(and(eq(economySeasons.guildId, sql.placeholder('guildId')), eq(economySeasons.number, sql.placeholder('number'))))
    .prepare();
  const endSeason = db
    .update(economySeasons)
    .set({ endedAt: sql`${sql.placeholder('at')}` })
    .where(eq(economySeasons.id, sql.placeholder('id')))
    .prepare();
  const insertSeason = db
    .insert(economySeasons)
    .values({
      guildId: sql.placeholder('guildId'),
      number: sql.placeholder('number'),
      startedAt: sql.placeholder('startedAt'),
      endedAt: sql.placeholder('endedAt'),
      startedBy: sql.placeholder('startedBy'),
    })
    .returning({ id: economySeasons.id })
    .prepare();
  const insertStanding = db
    .insert(economySeasonStandings)
    .values({
      seasonId: sql.placeholder('seasonId'),
      memberId: sql.placeholder('memberId'),
      rank: sql.placeholder('rank'),
      points: sql.placeholder('points'),
    })
    .prepare();
  const archived = db
    .select({ memberId: economySeasonStandings.memberId, rank: economySeasonStandings.rank, points: economySeasonStandings.points })
    .from(economySeasonStandings)
    .innerJoin(economySeasons, eq(economySeasons.id, economySeasonStandings.seasonId))
    .where(and(eq(economySeasons.guildId, sql.placeholder('guildId')), eq(economySeasons.number, sql.placeholder('number'))))
    .orderBy(economySeasonStandings.rank)
    .prepare();

  const storedConfig = db
    .select({ config: economyConfigs.config })
    .from(economyConfigs)
    .where(eq(economyConfigs.guildId, sql.placeholder('guildId')))
    .prepare();

  return {
    // The ledger.
    /** Writes the row unless its source event is already in the ledger; true when it was written. */
    appendLedgerRow: (row: NewLedgerRow): boolean => appendRow.run(row).changes > 0,
    ledgerEntry: (sourceKey: string): LedgerEntryFacts | undefined => entryByKey.get(sourceKey),
    balance: (guildId: string, memberId: string): number => balance.get(guildId, memberId) ?? 0,

    // What the sync reads.
    postRewardFacts(postId: string): PostRewardFacts | undefined {
      const row = postFacts.get(postId);
      return row && { ...row, authorIsBot: row.authorIsBot === 1 };
    },
    /** Reactors of a post, each with their first reaction's time. */
    firstReactions: (postId: string): { userId: string; at: number }[] => firstReactions.all(postId),
    ledgerEntriesOfPost: (postId: string): PostLedgerEntry[] => entriesOfPost.all(postId),
    memberRewardFacts(guildId: string, userId: string): MemberRewardFacts | undefined {
      const row = member.get(guildId, userId);
      return row && { isBot: row.isBot === 1, joinedAt: row.joinedAt };
    },
    /** Points the member's awards for `reason` paid in the window. */
    awardedIn: (window: AwardWindow): number => awarded.get(window) ?? 0,
    /** Rewarded reactions and replies between two members in the window, both directions together. */
    pairRewardsIn: (guildId: string, a: string, b: string, window: Range): number =>
      pairRewards.get({ guildId, a, b, start: window.start, end: window.end }) ?? 0,
    /** Whether one of the member's posts was paid strictly between `from` and `to`. */
    paidPostBetween: (guildId: string, memberId: string, from: number, to: number): boolean =>
      paidPostBetween.get({ guildId, memberId, from, to }) !== undefined,
    maxPostRowid: (): number => maxPostRowid.get() ?? 0,
    postsOutOfStep: (lo: number, hi: number, erasedPrefix: string): string[] => outOfStep.all({ lo, hi, erasedPrefix }),

    // Holds (posts confirmed low quality earn nothing more).
    isPostHeld: (postId: string): boolean => held.get(postId) !== undefined,
    holdPost: (hold_: { postId: string; guildId: string; reason: string; byId: string | null; at: number }): void => {
      hold.run(hold_.postId, hold_.guildId, hold_.reason, hold_.byId, hold_.at);
    },
    /** Source keys of the post's awards that paid something, oldest first. */
    paidAwardKeysOfPost: (postId: string, guildId: string): string[] => paidAwardKeys.all(postId, guildId),

    // Badges.
    heldBadges: (guildId: string, memberId: string): string[] => heldBadges.all(guildId, memberId),
    /** True when the badge was new. */
    awardBadge: (guildId: string, memberId: string, badge: string, at: number): boolean =>
      awardBadge.run({ guildId, memberId, badge, at }).changes > 0,
    badgeCount: (metric: BadgeCountMetric, guildId: string, memberId: string): number => badgeCounts[metric].get(guildId, memberId) ?? 0,
    /**
     * When the member posted (live posts), to the quarter hour (one entry per quarter hour with a post): the caller
     * maps them to the guild's local days.
     */
    postTimes: (guildId: string, memberId: string): number[] => postQuarters.all(guildId, memberId),

    // Role rewards and admin notices.
    /** True when the grant was not queued before. */
    queueRoleGrant: (grant: RoleGrantKey, at: number): boolean => queueRoleGrant.run(grant.guildId, grant.memberId, grant.roleId, at, at).changes > 0,
    /** Pending grants of present members who have not opted out, in guilds without `blockingNotice`, oldest first. */
    pendingRoleGrants: (blockingNotice: string, limit: number): RoleGrantKey[] => pendingGrants.all(blockingNotice, limit),
    setRoleGrantState: (grant: RoleGrantKey, state: 'granted' | 'failed', error: string | null, at: number): void => {
      setGrantState.run({ ...grant, state, error, at });
    },
    hasAdminNotice: (guildId: string, kind: string): boolean => hasNotice.get(guildId, kind) !== undefined,
    /** True when the notice is new. */
    addAdminNotice: (guildId: string, kind: string, detail: string | null, at: number): boolean =>
      addNotice.run(guildId, kind, detail, at).changes > 0,
    clearAdminNotice: (guildId: string, kind: string): void => {
      clearNotice.run(guildId, kind);
    },

    // Standings: sums over a range, present non-bot members only.
    standingsCount: (guildId: string, range: Range): number => standingsCount.get({ guildId, ...range }) ?? 0,
    standingsPage: (guildId: string, range: Range, limit: number, offset: number): StandingRow[] =>
      standingsPage.all({ guildId, ...range, limit, offset }),
    allStandings: (guildId: string, range: Range): StandingRow[] => allStandings.all({ guildId, ...range }),
    pointsInRange: (guildId: string, memberId: string, range: Range): number => pointsInRange.get({ guildId, memberId, ...range }) ?? 0,
    isOnBoard: (guildId: string, memberId: string): boolean => onBoard.get(guildId, memberId) !== undefined,
    /** Present members ranked ahead of a member with `points` in the range. */
    membersAhead: (guildId: string, memberId: string, points: number, range: Range): number =>
      ahead.get({ guildId, ...range, memberId, points }) ?? 0,
    /** Net points by reason, most first (reversals net out against what they reverse). */
    breakdown: (guildId: string, memberId: string): { reason: LedgerReason; points: number }[] => breakdown.all(guildId, memberId),

    // Seasons.
    /** The season started and not ended, if any was ever started. */
    openSeason: (guildId: string): SeasonRow | undefined => currentSeason.get({ guildId }),
    seasonId: (guildId: string, number: number): number | undefined => seasonId.get({ guildId, number })?.id,
    endSeason: (id: number, at: number): void => {
      endSeason.run({ id, at });
    },
    insertSeason: (season: { guildId: string; number: number; startedAt: number; endedAt: number | null; startedBy: string | null }): number =>
      insertSeason.get(season).id,
    insertSeasonStanding: (standing: { seasonId: number; memberId: string; rank: number; points: number }): void => {
      insertStanding.run(standing);
    },
    archivedStandings: (guildId: string, number: number): { memberId: string; rank: number; points: number }[] =>
      archived.all({ guildId, number }),

    // Settings.
    /** The stored config JSON (validated by the caller), if any. */
    storedConfig: (guildId: string): string | undefined => storedConfig.get({ guildId })?.config,
    saveConfig(guildId: string, config: string, by: string, at: number): void {
      db.insert(economyConfigs)
        .values({ guildId, config, updatedBy: by, updatedAt: at })
        .onConflictDoUpdate({ target: economyConfigs.guildId, set: { config, updatedBy: by, updatedAt: at } })
        .run();
    },
  };
});

export type EconomyQueries = ReturnType<typeof economyQueries>;

/**
 * /stats queries: per-day counts over a range for a guild (activity, engagement with recommendations and digests),
 * training runs, and current balances. One pass per table and range, grouped in SQL or tallied by the caller; the
 * conditions below say who is counted. Prepared once per connection (/stats opens a read-only one per request).
 *
 * Who is counted, the same people the rest of attune counts:
 * - members who opted out (privacy_opt_outs) are left out entirely, as the graph and the recommender do;
 * - bots are left out (their posts are `author_is_bot`; a bot that reacts is known from `members.is_bot`);
 * - members who left still count in activity over time (they were there then), but not among current balances,
 *   which follow the leaderboard: present, non-bot members only (src/economy/standings.ts).
 * Written as uncorrelated IN lists: SQLite builds each list once per query, where a correlated EXISTS ran a lookup
 * per row (tens of thousands of reactions; bench/stats.ts).
 */
import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import { modelRuns, type FeedbackKind } from '../schema.js';
import { perConnection } from './per-connection.js';

/** Queries count in quarter hours: every time zone's offset is a multiple of 15 minutes. */
export const STATS_SLOT_MS = 15 * 60_000;

const notOptedOut = (column: string): string => `${column} NOT IN (SELECT o.user_id FROM privacy_opt_outs o WHERE o.guild_id = @guildId)`;
const notBot = (column: string): string => `${column} NOT IN (SELECT b.user_id FROM members b WHERE b.guild_id = @guildId AND b.is_bot = 1)`;
const presentMember = (column: string): string =>
  `${column} IN (SELECT m.user_id FROM members m WHERE m.guild_id = @guildId AND m.left_at IS NULL AND m.is_bot = 0)`;

/**
 * The quarter-hour slot since the range's start a time column falls in (the query binds @start); src/stats maps
 * slots onto the guild's local days (23, 24 or 25 hours long). The cast matters: better-sqlite3 binds JS numbers as
 * REAL, so the division alone would be fractional. Named `bucket`, not `day`: GROUP BY resolves a name to a table's
 * column before an alias, and some tables have a `day` column.
 */
const dayOfRange = (column: string): string => `CAST((${column} - @start) / ${STATS_SLOT_MS} AS INTEGER)`;

export interface GuildRange {
  guildId: string;
  /** Inclusive. */
  start: number;
  /** Exclusive. */
  end: number;
}

/** One counted event: its day in the range and who did it (`reply` 1 for a post that replies). */
export interface ActivityRow {
  bucket: number;
  member: string;
  reply?: number;
}

/** A succeeded training run, its metrics as the registry stored them (free-form JSON). */
export interface TrainingRunRow {
  id: number;
  /**
   * The moment the run describes: the `now` it evaluated and trained as of (the demo's simulated time, `train --at`),
   * else when it finished.
   */
  asOf: number | null;
  candidate: string | null;
  serving: string | null;
  promoted: boolean;
  metrics: Record<string, unknown> | null;
}

/** A count for one day of the range. */
export interface DayCount {
  bucket: number;
  n: number;
}

/**
 * The `recommendation_engagement` view's two branches as conditions on one impression `i`, up to the range's end.
 * The view itself is not queried: its reply branch joins posts on `reply_to_id`, and without ANALYZE statistics
 * SQLite scanned every post once per impression (148 s for 20,000 of each, bench/stats.ts). From an impression, the
 * reactions primary key and the posts-by-author index reach the same rows directly. (The unary `+` keeps SQLite
 * from walking the guild's posts by time from `shown_at` on instead: a member has few posts, a guild has many
 * after any moment.) test/stats/guild-stats.test.ts checks the two agree.
 */
const ENGAGED_BY_REACTION = `EXISTS (SELECT 1 FROM reactions x
  WHERE x.message_id = i.post_id AND x.user_id = i.member_id AND x.at >= i.shown_at AND x.at < @end)`;
const ENGAGED_BY_REPLY = `EXISTS (SELECT 1 FROM posts r
  WHERE r.guild_id = i.guild_id AND r.author_id = i.member_id AND r.reply_to_id = i.post_id
    AND +r.created_at >= i.shown_at AND +r.created_at < @end AND r.deleted_at IS NULL)`;

export const statsQueries = perConnection((sqlite, db) => {
  const byDay = (query: string) => sqlite.prepare<GuildRange, DayCount>(query);
  const countedPosts = sqlite.prepare<GuildRange, ActivityRow>(
    `SELECT ${dayOfRange('p.created_at')} AS bucket, p.author_id AS member, p.reply_to_id IS NOT NULL AS reply
      FROM posts p WHERE p.guild_id = @guildId AND p.created_at >= @start AND p.created_at < @end
      AND p.deleted_at IS NULL AND p.author_is_bot = 0 AND ${notOptedOut('p.author_id')}`,
  );
  // Deleted posts are few: excluding them as one list spares a posts lookup per reaction. A backfilled reaction is
  // dated when attune first saw it, so it counts on its post's day (else the day attune joined shows a false spike).
  const countedReactions = sqlite.prepare<GuildRange, ActivityRow>(
    `SELECT ${dayOfRange('CASE WHEN x.backfilled THEN (SELECT p.created_at FROM posts p WHERE p.id = x.message_id) ELSE x.at END')} AS bucket,
            x.user_id AS member FROM reactions x
      WHERE x.guild_id = @guildId AND x.at >= @start AND x.at < @end
        AND x.message_id NOT IN (SELECT d.id FROM posts d WHERE d.guild_id = @guildId AND d.deleted_at IS NOT NULL)
        AND ${notOptedOut('x.user_id')} AND ${notBot('x.user_id')}`,
  );
  const impressions = byDay(`SELECT ${dayOfRange('shown_at')} AS bucket, COUNT(*) AS n FROM recommendation_impressions
    WHERE guild_id = @guildId AND shown_at >= @start AND shown_at < @end AND ${notOptedOut('member_id')} GROUP BY bucket`);
  const engaged = byDay(`SELECT ${dayOfRange('i.shown_at')} AS bucket, COUNT(*) AS n FROM recommendation_impressions i
    WHERE i.guild_id = @guildId AND i.shown_at >= @start AND i.shown_at < @end AND ${notOptedOut('i.member_id')}
      AND (${ENGAGED_BY_REACTION} OR ${ENGAGED_BY_REPLY}) GROUP BY bucket`);
  const feedback = sqlite.prepare<GuildRange & { kind: FeedbackKind }, DayCount>(
    `SELECT ${dayOfRange('at')} AS bucket, COUNT(*) AS n FROM recommendation_feedback
      WHERE guild_id = @guildId AND kind = @kind AND at >= @start AND at < @end AND ${notOptedOut('member_id')} GROUP BY bucket`,
  );
  // One row per member and digest day, counted on the day of its first press.
  const picksPresses = byDay(`SELECT ${dayOfRange('at')} AS bucket, SUM(presses) AS n FROM digest_picks_presses
    WHERE guild_id = @guildId AND at >= @start AND at < @end AND ${notOptedOut('member_id')} GROUP BY bucket`);
  // Personal digests a member received: DMs Discord accepted, and "Show my picks" answers.
  const digestsDelivered = byDay(`SELECT ${dayOfRange('t')} AS bucket, COUNT(*) AS n FROM (
      SELECT sent_at AS t FROM delivery_outbox
       WHERE guild_id = @guildId AND sender = 'digest' AND kind = 'dm' AND status = 'sent' AND ${notOptedOut('user_id')}
      UNION ALL
      SELECT composed_at FROM member_digests WHERE guild_id = @guildId AND kind = 'picks' AND ${notOptedOut('member_id')}
    ) WHERE t >= @start AND t < @end GROUP BY bucket`);
  const asOf = sql<number | null>`coalesce(json_extract(${modelRuns.hyperParams}, '$.now'), ${modelRuns.finishedAt})`;
  const runs = db
    .select({
      id: modelRuns.id,
      asOf,
      candidate: modelRuns.candidateMethod,
      serving: modelRuns.servingMethod,
      promoted: modelRuns.promoted,
      metrics: modelRuns.metrics,
    })
    .from(modelRuns)
    .where(
      and(
        eq(modelRuns.guildId, sql.placeholder('guildId')),
        eq(modelRuns.status, 'succeeded'),
        gte(asOf, sql.placeholder('start')),
        lt(asOf, sql.placeholder('end')),
      ),
    )
    .orderBy(asc(asOf), asc(modelRuns.id))
    .prepare();
  // Balances as /points shows them: the whole ledger up to now.
  const balances = sqlite
    .prepare<{ guildId: string; now: number }, number>(
      `SELECT SUM(l.delta) FROM points_ledger l
        WHERE l.guild_id = @guildId AND l.at <= @now AND ${presentMember('l.member_id')} AND ${notOptedOut('l.member_id')}
        GROUP BY l.member_id HAVING SUM(l.delta) <> 0`,
    )
    .pluck();

  return {
    /** Counted posts in the range, one row each. */
    countedPosts: (range: GuildRange): ActivityRow[] => countedPosts.all(range),
    /** Counted reactions in the range, one row each. */
    countedReactions: (range: GuildRange): ActivityRow[] => countedReactions.all(range),
    impressionsByDay: (range: GuildRange): DayCount[] => impressions.all(range),
    /** Impressions shown that day that the member later reacted or replied to (before the range's end). */
    engagedByDay: (range: GuildRange): DayCount[] => engaged.all(range),
    feedbackByDay: (range: GuildRange, kind: FeedbackKind): DayCount[] => feedback.all({ ...range, kind }),
    picksPressesByDay: (range: GuildRange): DayCount[] => picksPresses.all(range),
    digestsDeliveredByDay: (range: GuildRange): DayCount[] => digestsDelivered.all(range),
    /** Succeeded training runs finished in the range, oldest first. */
    succeededRuns: (range: GuildRange): TrainingRunRow[] => runs.all({ ...range }),
    /** Every present, counted member's non-zero balance up to `now`. */
    memberBalances: (guildId: string, now: number): number[] => balances.all({ guildId, now }),
  };
});

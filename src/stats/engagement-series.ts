/**
 * Engagement with recommendations and digests, per UTC day:
 * - impressions: posts shown (one per member, post and surface: /recommend, a DM digest, "Show my picks");
 * - engaged: of the impressions shown that day, those the member later reacted to or replied to (before the range's
 *   end; the `recommendation_engagement` view's definition), so engaged / impressions is that day's engagement rate;
 * - feedback by kind, on the day it was given (the latest press per member and post, as the table keeps it);
 * - "Show my picks" presses;
 * - personal digests delivered: DMs Discord accepted (`sent`, on `delivered_at`) and picks answered in the
 *   channel (`shown`, on `composed_at`, which is when they were shown).
 */
import type Database from 'better-sqlite3';
import { notOptedOut } from './counted-members.js';
import { dayOfRange, perDay, type StatsRange } from './stats-range.js';

export interface EngagementSeries {
  impressions: number[];
  engaged: number[];
  feedbackMore: number[];
  feedbackLess: number[];
  feedbackHide: number[];
  picksPresses: number[];
  digestsDelivered: number[];
}

/**
 * The `recommendation_engagement` view's two branches as conditions on one impression `i`, up to the range's end.
 * The view itself is not queried: its reply branch joins posts on `reply_to_id`, which has no index, and without
 * ANALYZE statistics SQLite scans every post once per impression (148 s for 20,000 of each, bench/stats.ts). From
 * an impression, the reactions primary key and the posts-by-author index reach the same rows directly.
 * (The unary `+` keeps SQLite from walking the guild's posts by time from `shown_at` on instead: a member has few
 * posts, a guild has many after any moment.) test/stats/guild-stats.test.ts checks the two agree.
 */
const ENGAGED_BY_REACTION = `EXISTS (SELECT 1 FROM reactions x
  WHERE x.message_id = i.post_id AND x.user_id = i.member_id AND x.at >= i.shown_at AND x.at < @end)`;
const ENGAGED_BY_REPLY = `EXISTS (SELECT 1 FROM posts r
  WHERE r.guild_id = i.guild_id AND r.author_id = i.member_id AND r.reply_to_id = i.post_id
    AND +r.created_at >= i.shown_at AND +r.created_at < @end AND r.deleted_at IS NULL)`;

export function engagementSeries(sqlite: Database.Database, guildId: string, range: StatsRange): EngagementSeries {
  const params = { guildId, start: range.start, end: range.end };
  const byDay = (sql: string) => perDay(range, sqlite.prepare(sql).all(params) as { bucket: number; n: number }[]);
  const feedback = (kind: 'more' | 'less' | 'hide') =>
    byDay(`SELECT ${dayOfRange('at')} AS bucket, COUNT(*) AS n FROM recommendation_feedback
      WHERE guild_id = @guildId AND kind = '${kind}' AND at >= @start AND at < @end AND ${notOptedOut('member_id')} GROUP BY bucket`);
  return {
    impressions: byDay(`SELECT ${dayOfRange('shown_at')} AS bucket, COUNT(*) AS n FROM recommendation_impressions
      WHERE guild_id = @guildId AND shown_at >= @start AND shown_at < @end AND ${notOptedOut('member_id')} GROUP BY bucket`),
    engaged: byDay(`SELECT ${dayOfRange('i.shown_at')} AS bucket, COUNT(*) AS n FROM recommendation_impressions i
      WHERE i.guild_id = @guildId AND i.shown_at >= @start AND i.shown_at < @end AND ${notOptedOut('i.member_id')}
        AND (${ENGAGED_BY_REACTION} OR ${ENGAGED_BY_REPLY}) GROUP BY bucket`),
    feedbackMore: feedback('more'),
    feedbackLess: feedback('less'),
    feedbackHide: feedback('hide'),
    picksPresses: byDay(`SELECT ${dayOfRange('at')} AS bucket, COUNT(*) AS n FROM digest_picks_presses
      WHERE guild_id = @guildId AND at >= @start AND at < @end AND ${notOptedOut('member_id')} GROUP BY bucket`),
    // Personal digests a member received: DMs Discord accepted, and "Show my picks" answers.
    digestsDelivered: byDay(`SELECT ${dayOfRange('t')} AS bucket, COUNT(*) AS n FROM (
        SELECT sent_at AS t FROM delivery_outbox
         WHERE guild_id = @guildId AND sender = 'digest' AND kind = 'dm' AND status = 'sent' AND ${notOptedOut('user_id')}
        UNION ALL
        SELECT composed_at FROM member_digests WHERE guild_id = @guildId AND kind = 'picks' AND ${notOptedOut('member_id')}
      ) WHERE t >= @start AND t < @end GROUP BY bucket`),
  };
}

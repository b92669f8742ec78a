/**
 * Activity over time, per UTC day: posts, reactions, replies and active members (anyone who posted or reacted that
 * day). Deleted posts and reactions on deleted posts do not count (they are gone for modelling too).
 */
import type Database from 'better-sqlite3';
import { notBot, notOptedOut } from './counted-members.js';
import { dayOfRange, perDay, type StatsRange } from './stats-range.js';

export interface ActivitySeries {
  posts: number[];
  reactions: number[];
  /** Posts that reply to another message (a subset of `posts`). */
  replies: number[];
  activeMembers: number[];
  /** Distinct members active on any day of the range (not the sum of the days). */
  activeMembersInRange: number;
}

const COUNTED_POSTS = `FROM posts p WHERE p.guild_id = @guildId AND p.created_at >= @start AND p.created_at < @end
  AND p.deleted_at IS NULL AND p.author_is_bot = 0 AND ${notOptedOut('p.author_id')}`;

const COUNTED_REACTIONS = `FROM reactions x JOIN posts p ON p.id = x.message_id
  WHERE x.guild_id = @guildId AND x.at >= @start AND x.at < @end AND p.deleted_at IS NULL
    AND ${notOptedOut('x.user_id')} AND ${notBot('x.user_id')}`;

export function activitySeries(sqlite: Database.Database, guildId: string, range: StatsRange): ActivitySeries {
  const params = { guildId, start: range.start, end: range.end };
  const byDay = (sql: string) => perDay(range, sqlite.prepare(sql).all(params) as { bucket: number; n: number }[]);
  const inRange = sqlite
    .prepare(`SELECT COUNT(*) AS n FROM (SELECT p.author_id ${COUNTED_POSTS} UNION SELECT x.user_id ${COUNTED_REACTIONS})`)
    .get(params) as { n: number };
  return {
    activeMembersInRange: inRange.n,
    posts: byDay(`SELECT ${dayOfRange('p.created_at')} AS bucket, COUNT(*) AS n ${COUNTED_POSTS} GROUP BY bucket`),
    reactions: byDay(`SELECT ${dayOfRange('x.at')} AS bucket, COUNT(*) AS n ${COUNTED_REACTIONS} GROUP BY bucket`),
    replies: byDay(
      `SELECT ${dayOfRange('p.created_at')} AS bucket, COUNT(*) AS n ${COUNTED_POSTS} AND p.reply_to_id IS NOT NULL GROUP BY bucket`,
    ),
    activeMembers: byDay(`SELECT bucket, COUNT(DISTINCT member) AS n FROM (
        SELECT ${dayOfRange('p.created_at')} AS bucket, p.author_id AS member ${COUNTED_POSTS}
        UNION ALL SELECT ${dayOfRange('x.at')}, x.user_id ${COUNTED_REACTIONS}
      ) GROUP BY bucket`),
  };
}

/**
 * Activity over time, per UTC day: posts, reactions, replies and active members (anyone who posted or reacted that
 * day). Deleted posts and reactions on deleted posts do not count (they are gone for modelling too).
 * One pass over the range's posts and one over its reactions; the per-day figures are tallied here.
 */
import type Database from 'better-sqlite3';
import { notBot, notOptedOut } from './counted-members.js';
import { dayOfRange, type StatsRange } from './stats-range.js';

export interface ActivitySeries {
  posts: number[];
  reactions: number[];
  /** Posts that reply to another message (a subset of `posts`). */
  replies: number[];
  activeMembers: number[];
  /** Distinct members active on any day of the range (not the sum of the days). */
  activeMembersInRange: number;
}

const COUNTED_POSTS = `SELECT ${dayOfRange('p.created_at')} AS bucket, p.author_id AS member, p.reply_to_id IS NOT NULL AS reply
  FROM posts p WHERE p.guild_id = @guildId AND p.created_at >= @start AND p.created_at < @end
  AND p.deleted_at IS NULL AND p.author_is_bot = 0 AND ${notOptedOut('p.author_id')}`;

// Deleted posts are few: excluding them as one list spares a posts lookup per reaction.
const COUNTED_REACTIONS = `SELECT ${dayOfRange('x.at')} AS bucket, x.user_id AS member FROM reactions x
  WHERE x.guild_id = @guildId AND x.at >= @start AND x.at < @end
    AND x.message_id NOT IN (SELECT d.id FROM posts d WHERE d.guild_id = @guildId AND d.deleted_at IS NOT NULL)
    AND ${notOptedOut('x.user_id')} AND ${notBot('x.user_id')}`;

interface ActivityRow {
  bucket: number;
  member: string;
  reply?: number;
}

export function activitySeries(sqlite: Database.Database, guildId: string, range: StatsRange): ActivitySeries {
  const params = { guildId, start: range.start, end: range.end };
  const zeros = () => new Array<number>(range.days).fill(0);
  const series = { posts: zeros(), reactions: zeros(), replies: zeros(), activeMembers: zeros() };
  const activeByDay = Array.from({ length: range.days }, () => new Set<string>());
  const tally = (rows: ActivityRow[], counts: number[]) => {
    for (const row of rows) {
      if (row.bucket < 0 || row.bucket >= range.days) continue;
      counts[row.bucket] = (counts[row.bucket] as number) + 1;
      if (row.reply === 1) series.replies[row.bucket] = (series.replies[row.bucket] as number) + 1;
      activeByDay[row.bucket]?.add(row.member);
    }
  };
  tally(sqlite.prepare(COUNTED_POSTS).all(params) as ActivityRow[], series.posts);
  tally(sqlite.prepare(COUNTED_REACTIONS).all(params) as ActivityRow[], series.reactions);
  const everyone = new Set<string>();
  activeByDay.forEach((members, day) => {
    series.activeMembers[day] = members.size;
    for (const member of members) everyone.add(member);
  });
  return { ...series, activeMembersInRange: everyone.size };
}

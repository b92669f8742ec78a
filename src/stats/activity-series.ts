/**
 * Activity over time, per local day of the guild's time zone: posts, reactions, replies and active members (anyone who posted or reacted that
 * day). Deleted posts and reactions on deleted posts do not count (they are gone for modelling too).
 * One pass over the range's posts and one over its reactions; the per-day figures are tallied here.
 */
import type Database from 'better-sqlite3';
import { statsQueries, type ActivityRow } from '../db/queries/stats.js';
import { dayOfSlot, type StatsRange } from './stats-range.js';

export interface ActivitySeries {
  posts: number[];
  reactions: number[];
  /** Posts that reply to another message (a subset of `posts`). */
  replies: number[];
  activeMembers: number[];
  /** Distinct members active on any day of the range (not the sum of the days). */
  activeMembersInRange: number;
}

export function activitySeries(sqlite: Database.Database, guildId: string, range: StatsRange): ActivitySeries {
  const params = { guildId, start: range.start, end: range.end };
  const zeros = () => new Array<number>(range.days).fill(0);
  const series = { posts: zeros(), reactions: zeros(), replies: zeros(), activeMembers: zeros() };
  const activeByDay = Array.from({ length: range.days }, () => new Set<string>());
  const tally = (rows: ActivityRow[], counts: number[]) => {
    for (const row of rows) {
      const day = dayOfSlot(range, row.bucket);
      if (day < 0) continue;
      counts[day] = (counts[day] as number) + 1;
      if (row.reply === 1) series.replies[day] = (series.replies[day] as number) + 1;
      activeByDay[day]?.add(row.member);
    }
  };
  const queries = statsQueries(sqlite);
  tally(queries.countedPosts(params), series.posts);
  tally(queries.countedReactions(params), series.reactions);
  const everyone = new Set<string>();
  activeByDay.forEach((members, day) => {
    series.activeMembers[day] = members.size;
    for (const member of members) everyone.add(member);
  });
  return { ...series, activeMembersInRange: everyone.size };
}

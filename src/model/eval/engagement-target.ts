/**
 * The evaluation target at a cut T: which candidates each member engages with in [T, T + horizon), by the one
 * definition of engagement (src/graph/engagement.ts: reacting, replying, posting in the thread or forum post a
 * candidate starts, mentioning its author shortly after it in the same conversation).
 */
import type Database from 'better-sqlite3';
import { engagementsBetween } from '../../graph/engagement.js';

export interface TargetEngagements {
  /** member id → ids of the candidate posts they engaged with (before any exclusion). */
  byMember: Map<string, Set<string>>;
  /** Engagements in [from, to) with any post, candidate or not (to explain an empty target). */
  total: number;
}

export function targetEngagements(
  sqlite: Database.Database,
  guildId: string,
  candidateIds: ReadonlySet<string>,
  from: number,
  to: number,
): TargetEngagements {
  const byMember = new Map<string, Set<string>>();
  const all = engagementsBetween(sqlite, guildId, from, to);
  for (const { member, post } of all) {
    if (!candidateIds.has(post)) continue;
    let set = byMember.get(member);
    if (!set) byMember.set(member, (set = new Set()));
    set.add(post);
  }
  return { byMember, total: all.length };
}

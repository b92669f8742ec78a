/**
 * Chooses cut times for a guild automatically (training runs and benchmarks evaluate on these): day boundaries
 * (UTC midnight) whose whole horizon lies within the guild's recorded history, stepping back one window at a time
 * so candidate sets do not overlap, keeping only cuts with enough candidates and enough engagement (by the one
 * definition, src/graph/engagement.ts) to measure anything.
 *
 * Cuts are placed relative to the guild's last recorded activity, not the wall clock: an imported history that
 * ended a year ago is evaluated where it has data. `now` only caps it (a training run at a given time never looks
 * past it). With no qualifying cut, the selection says why in one line.
 */
import type Database from 'better-sqlite3';
import { engagementsBetween } from '../../graph/engagement.js';

export interface CutChoice {
  /** How many cuts to return at most. */
  count: number;
  windowMs: number;
  horizonMs: number;
  /** Least candidates (posts in the window, not deleted, not by bots) for a cut to count. */
  minCandidates?: number;
  /** Least engagements with the candidates within the horizon, by members known at the cut. */
  minEngagements?: number;
  /** How many windows back to look before giving up (default 60 × count; unbounded when spreading). */
  maxSteps?: number;
  /** Latest time the data may be used (a run's "now"); default: the guild's last recorded activity. */
  now?: number;
  /** Spread the cuts evenly over the guild's whole active period instead of taking the most recent ones. */
  spread?: boolean;
}

export interface CutSelection {
  /** Ascending; may be fewer than `count`. */
  cuts: number[];
  /** When there is no cut: `no targets because …`. */
  reason: string | null;
}

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const hours = (ms: number) => `${Number((ms / 3_600_000).toFixed(2))}h`;

/** The guild's latest post or reaction time, or null when it has neither. */
export function lastActivity(sqlite: Database.Database, guildId: string): number | null {
  const row = sqlite
    .prepare(
      `SELECT MAX(t) AS latest FROM (SELECT MAX(created_at) AS t FROM posts WHERE guild_id = ?
                                     UNION ALL SELECT MAX(at) FROM reactions WHERE guild_id = ?)`,
    )
    .get(guildId, guildId) as { latest: number | null };
  return row.latest;
}

/** member id → when the guild first knew them: joined, first post, or first reaction, whichever is earliest. */
function firstSeen(sqlite: Database.Database, guildId: string): Map<string, number> {
  const rows = sqlite
    .prepare(
      `SELECT id, MIN(t) FROM (
         SELECT user_id AS id, joined_at AS t FROM members WHERE guild_id = @guild AND joined_at IS NOT NULL
         UNION ALL SELECT author_id, MIN(created_at) FROM posts WHERE guild_id = @guild AND deleted_at IS NULL GROUP BY author_id
         UNION ALL SELECT user_id, MIN(at) FROM reactions WHERE guild_id = @guild GROUP BY user_id)
       GROUP BY id`,
    )
    .raw(true)
    .all({ guild: guildId }) as [string, number][];
  return new Map(rows);
}

/** Cut times in ascending order; may be fewer than `count` (or none) for a quiet guild. */
export function chooseCuts(sqlite: Database.Database, guildId: string, choice: CutChoice): number[] {
  return selectCuts(sqlite, guildId, choice).cuts;
}

export function selectCuts(sqlite: Database.Database, guildId: string, choice: CutChoice): CutSelection {
  const last = lastActivity(sqlite, guildId);
  const first = (sqlite.prepare(`SELECT MIN(created_at) AS t FROM posts WHERE guild_id = ?`).get(guildId) as { t: number | null }).t;
  if (last === null || first === null) return { cuts: [], reason: 'no targets because the guild has no recorded posts' };
  if (choice.now !== undefined && choice.now <= first) {
    return { cuts: [], reason: `no targets because nothing was recorded before ${iso(choice.now)} (the first post is from ${iso(first)})` };
  }
  const end = Math.min(last, choice.now ?? Infinity);
  const span = `${hours(choice.windowMs)} window and a ${hours(choice.horizonMs)} horizon`;
  const latestCut = Math.floor((end - choice.horizonMs) / DAY_MS) * DAY_MS;
  if (latestCut <= first) {
    return { cuts: [], reason: `no targets because the history used (${iso(first)} – ${iso(end)}) is shorter than a ${span} around a day boundary` };
  }

  const minCandidates = choice.minCandidates ?? 5;
  const minEngagements = choice.minEngagements ?? 5;
  const candidateIds = sqlite
    .prepare(
      `SELECT id FROM posts WHERE guild_id = ? AND created_at >= ? AND created_at < ? AND deleted_at IS NULL AND author_is_bot = 0`,
    )
    .pluck(true);

  const known = firstSeen(sqlite, guildId);
  const qualified: number[] = [];
  const step = Math.max(DAY_MS, Math.ceil(choice.windowMs / DAY_MS) * DAY_MS);
  const maxSteps = choice.maxSteps ?? (choice.spread ? Infinity : 60 * choice.count);
  const enough = () => !choice.spread && qualified.length >= choice.count;
  let mostCandidates = 0;
  let mostEngagements = 0;
  let at = latestCut;
  let earliestTried = at;
  for (let i = 0; i < maxSteps && !enough() && at > first; i++, at -= step) {
    earliestTried = at;
    const ids = new Set(candidateIds.all(guildId, at - choice.windowMs, at) as string[]);
    mostCandidates = Math.max(mostCandidates, ids.size);
    if (ids.size < minCandidates) continue;
    let engagements = 0;
    for (const e of engagementsBetween(sqlite, guildId, at, at + choice.horizonMs)) {
      // A member the snapshot at the cut does not know (no join time, no activity before it) has no target there.
      if (ids.has(e.post) && (known.get(e.member) ?? Infinity) < at) engagements++;
    }
    mostEngagements = Math.max(mostEngagements, engagements);
    if (engagements >= minEngagements) qualified.push(at);
  }
  if (qualified.length === 0) {
    return {
      cuts: [],
      reason:
        `no targets because no cut from ${iso(earliestTried)} to ${iso(latestCut)} had ${minCandidates} posts in its window and ` +
        `${minEngagements} engagements with them in its horizon (${span}; at most ${mostCandidates} posts in a window, and ${mostEngagements} engagements where there were enough posts)`,
    };
  }
  const ascending = qualified.sort((a, b) => a - b);
  return { cuts: choice.spread ? evenlySpaced(ascending, choice.count) : ascending, reason: null };
}

/** `count` items spread evenly from the first to the last (all of them when there are no more). */
function evenlySpaced(sorted: number[], count: number): number[] {
  if (sorted.length <= count) return sorted;
  if (count === 1) return [sorted[sorted.length - 1] as number];
  const picked = new Set<number>();
  for (let i = 0; i < count; i++) picked.add(sorted[Math.round((i * (sorted.length - 1)) / (count - 1))] as number);
  return [...picked].sort((a, b) => a - b);
}

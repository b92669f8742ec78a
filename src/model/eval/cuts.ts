/**
 * Chooses cut times for a guild automatically (training runs evaluate on these): the most recent day boundaries
 * (UTC midnight) whose whole horizon has already happened, stepping back one window at a time so candidate sets
 * do not overlap, keeping only cuts with enough candidates and enough engagement to measure anything.
 */
import type Database from 'better-sqlite3';

export interface CutChoice {
  /** How many cuts to return at most. */
  count: number;
  windowMs: number;
  horizonMs: number;
  /** Least candidates (posts in the window, not deleted, not by bots) for a cut to count. */
  minCandidates?: number;
  /** Least engagement events (reactions + replies) on candidates within the horizon. */
  minEngagements?: number;
  /** How many windows back to look before giving up (default 60 × count). */
  maxSteps?: number;
  /** Latest time the data may be considered complete (default: the guild's latest post or reaction). */
  now?: number;
}

const DAY_MS = 86_400_000;

/** Cut times in ascending order; may be fewer than `count` (or none) for a quiet guild. */
export function chooseCuts(sqlite: Database.Database, guildId: string, choice: CutChoice): number[] {
  const latest =
    choice.now ??
    (sqlite
      .prepare(
        `SELECT MAX(t) AS latest FROM (SELECT MAX(created_at) AS t FROM posts WHERE guild_id = ?
                                       UNION ALL SELECT MAX(at) FROM reactions WHERE guild_id = ?)`,
      )
      .get(guildId, guildId) as { latest: number | null }).latest;
  if (latest === null) return [];
  const earliest = (sqlite.prepare(`SELECT MIN(created_at) AS t FROM posts WHERE guild_id = ?`).get(guildId) as { t: number | null }).t;
  if (earliest === null) return [];

  const minCandidates = choice.minCandidates ?? 5;
  const minEngagements = choice.minEngagements ?? 5;
  const candidates = sqlite.prepare(
    `SELECT COUNT(*) AS n FROM posts WHERE guild_id = ? AND created_at >= ? AND created_at < ?
        AND deleted_at IS NULL AND author_is_bot = 0`,
  );
  const engagements = sqlite.prepare(
    `SELECT (SELECT COUNT(*) FROM reactions r JOIN posts p ON p.id = r.message_id
              WHERE r.guild_id = @guild AND r.at >= @at AND r.at < @end AND p.created_at >= @start AND p.created_at < @at
                AND p.deleted_at IS NULL AND p.author_is_bot = 0)
          + (SELECT COUNT(*) FROM posts r JOIN posts p ON p.id = r.reply_to_id
              WHERE r.guild_id = @guild AND r.created_at >= @at AND r.created_at < @end AND r.deleted_at IS NULL
                AND r.author_is_bot = 0 AND p.created_at >= @start AND p.created_at < @at
                AND p.deleted_at IS NULL AND p.author_is_bot = 0) AS n`,
  );

  const cuts: number[] = [];
  let at = Math.floor((latest - choice.horizonMs) / DAY_MS) * DAY_MS;
  const step = Math.max(DAY_MS, Math.ceil(choice.windowMs / DAY_MS) * DAY_MS);
  const maxSteps = choice.maxSteps ?? 60 * choice.count;
  for (let i = 0; i < maxSteps && cuts.length < choice.count && at - choice.windowMs >= earliest; i++, at -= step) {
    const start = at - choice.windowMs;
    if ((candidates.get(guildId, start, at) as { n: number }).n < minCandidates) continue;
    const n = (engagements.get({ guild: guildId, at, start, end: at + choice.horizonMs }) as { n: number }).n;
    if (n >= minEngagements) cuts.push(at);
  }
  return cuts.sort((a, b) => a - b);
}

/**
 * Standings read from the ledger: sums over a period, members who left or are bots hidden (their history stays in
 * the ledger and counts again if they come back). Ties are broken by member id so pages are stable.
 */
import type Database from 'better-sqlite3';
import type { Range } from './periods.js';

export interface Standing {
  memberId: string;
  points: number;
  rank: number;
}

const PRESENT_SUMS = `SELECT l.member_id AS memberId, SUM(l.delta) AS points FROM points_ledger l
  JOIN members m ON m.guild_id = l.guild_id AND m.user_id = l.member_id
  WHERE l.guild_id = @guildId AND l.at >= @start AND l.at < @end AND m.left_at IS NULL AND m.is_bot = 0
  GROUP BY l.member_id HAVING SUM(l.delta) <> 0`;

export function standingsPage(
  sqlite: Database.Database,
  guildId: string,
  range: Range,
  page: number,
  pageSize: number,
): { rows: Standing[]; total: number } {
  const total = (sqlite.prepare(`SELECT COUNT(*) AS n FROM (${PRESENT_SUMS})`).get({ guildId, ...range }) as { n: number }).n;
  const offset = page * pageSize;
  const rows = sqlite
    .prepare(`${PRESENT_SUMS} ORDER BY points DESC, length(l.member_id), l.member_id LIMIT @limit OFFSET @offset`)
    .all({ guildId, ...range, limit: pageSize, offset }) as { memberId: string; points: number }[];
  return { rows: rows.map((row, i) => ({ ...row, rank: offset + i + 1 })), total };
}

/** Every present member's standing in the range, best first. */
export function allStandings(sqlite: Database.Database, guildId: string, range: Range): Standing[] {
  const rows = sqlite
    .prepare(`${PRESENT_SUMS} ORDER BY points DESC, length(l.member_id), l.member_id`)
    .all({ guildId, ...range }) as { memberId: string; points: number }[];
  return rows.map((row, i) => ({ ...row, rank: i + 1 }));
}

/** The member's points in the range and rank among present members (null rank: not on the board). */
export function standingOf(sqlite: Database.Database, guildId: string, memberId: string, range: Range): { points: number; rank: number | null } {
  const points = (
    sqlite
      .prepare(`SELECT COALESCE(SUM(delta), 0) AS n FROM points_ledger WHERE guild_id = ? AND member_id = ? AND at >= ? AND at < ?`)
      .get(guildId, memberId, range.start, range.end) as { n: number }
  ).n;
  const onBoard = sqlite
    .prepare(`SELECT 1 FROM members WHERE guild_id = ? AND user_id = ? AND left_at IS NULL AND is_bot = 0`)
    .get(guildId, memberId);
  if (!onBoard || points === 0) return { points, rank: null };
  const ahead = (
    sqlite
      .prepare(`SELECT COUNT(*) AS n FROM (${PRESENT_SUMS}) s
        WHERE s.points > @points OR (s.points = @points AND (length(s.memberId) < length(@memberId)
          OR (length(s.memberId) = length(@memberId) AND s.memberId < @memberId)))`)
      .get({ guildId, ...range, points, memberId }) as { n: number }
  ).n;
  return { points, rank: ahead + 1 };
}

/** Net points by reason (reversals net out against what they reverse). */
export function breakdownOf(sqlite: Database.Database, guildId: string, memberId: string): { reason: string; points: number }[] {
  return sqlite
    .prepare(`SELECT reason, SUM(delta) AS points FROM points_ledger WHERE guild_id = ? AND member_id = ?
      GROUP BY reason HAVING SUM(delta) <> 0 ORDER BY points DESC`)
    .all(guildId, memberId) as { reason: string; points: number }[];
}

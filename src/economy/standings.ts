/**
 * Standings read from the ledger: sums over a period, members who left or are bots hidden (their history stays in
 * the ledger and counts again if they come back). Ties are broken by member id so pages are stable.
 */
import type Database from 'better-sqlite3';
import { economyQueries } from '../db/queries/economy.js';
import type { Range } from './periods.js';

export interface Standing {
  memberId: string;
  points: number;
  rank: number;
}

export function standingsPage(
  sqlite: Database.Database,
  guildId: string,
  range: Range,
  page: number,
  pageSize: number,
): { rows: Standing[]; total: number } {
  const queries = economyQueries(sqlite);
  const offset = page * pageSize;
  const rows = queries.standingsPage(guildId, range, pageSize, offset);
  return { rows: rows.map((row, i) => ({ ...row, rank: offset + i + 1 })), total: queries.standingsCount(guildId, range) };
}

/** Every present member's standing in the range, best first. */
export function allStandings(sqlite: Database.Database, guildId: string, range: Range): Standing[] {
  return economyQueries(sqlite)
    .allStandings(guildId, range)
    .map((row, i) => ({ ...row, rank: i + 1 }));
}

/** The member's points in the range and rank among present members (null rank: not on the board). */
export function standingOf(sqlite: Database.Database, guildId: string, memberId: string, range: Range): { points: number; rank: number | null } {
  const queries = economyQueries(sqlite);
  const points = queries.pointsInRange(guildId, memberId, range);
  if (!queries.isOnBoard(guildId, memberId) || points === 0) return { points, rank: null };
  return { points, rank: queries.membersAhead(guildId, memberId, points, range) + 1 };
}

/** Net points by reason (reversals net out against what they reverse). */
export function breakdownOf(sqlite: Database.Database, guildId: string, memberId: string): { reason: string; points: number }[] {
  return economyQueries(sqlite).breakdown(guildId, memberId);
}

/**
 * Seasons. Before any season is started, season 1 implicitly covers all history. Starting a season closes the
 * current one at that instant (ledger rows with `at` before it belong to the old season, from it on to the new),
 * snapshots its standings, and opens the next. The ledger is never touched, so all-time balances are unaffected.
 */
import type Database from 'better-sqlite3';
import { inWriteTransaction } from '../db/connection.js';
import { economyQueries } from '../db/queries/economy.js';
import { allStandings } from './standings.js';

export interface Season {
  number: number;
  startedAt: number;
}

export function currentSeason(sqlite: Database.Database, guildId: string): Season {
  return economyQueries(sqlite).openSeason(guildId) ?? { number: 1, startedAt: Number.MIN_SAFE_INTEGER };
}

export interface SeasonChange {
  ended: Season & { endedAt: number; standings: number };
  started: Season;
}

export function startSeason(sqlite: Database.Database, guildId: string, at: number, by: string): SeasonChange {
  const queries = economyQueries(sqlite);
  return inWriteTransaction(sqlite, (): SeasonChange => {
    const current = currentSeason(sqlite, guildId);
    if (at <= current.startedAt) throw new Error('a season cannot end before it started');
    let seasonId = queries.seasonId(guildId, current.number);
    if (seasonId !== undefined) queries.endSeason(seasonId, at);
    // Season 1 before any season was started is implicit: it is stored as it ends.
    else seasonId = queries.insertSeason({ guildId, number: current.number, startedAt: current.startedAt, endedAt: at, startedBy: null });
    const standings = allStandings(sqlite, guildId, { start: current.startedAt, end: at });
    for (const s of standings) queries.insertSeasonStanding({ seasonId, memberId: s.memberId, rank: s.rank, points: s.points });
    const next = current.number + 1;
    queries.insertSeason({ guildId, number: next, startedAt: at, endedAt: null, startedBy: by });
    return { ended: { ...current, endedAt: at, standings: standings.length }, started: { number: next, startedAt: at } };
  });
}

/** The archived standings of an ended season. */
export function archivedStandings(sqlite: Database.Database, guildId: string, number: number): { memberId: string; rank: number; points: number }[] {
  return economyQueries(sqlite).archivedStandings(guildId, number);
}

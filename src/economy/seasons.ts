/**
 * Seasons. Before any season is started, season 1 implicitly covers all history. Starting a season closes the
 * current one at that instant (ledger rows with `at` before it belong to the old season, from it on to the new),
 * snapshots its standings, and opens the next. The ledger is never touched, so all-time balances are unaffected.
 */
import type Database from 'better-sqlite3';
import { allStandings } from './standings.js';

export interface Season {
  number: number;
  startedAt: number;
}

export function currentSeason(sqlite: Database.Database, guildId: string): Season {
  const row = sqlite
    .prepare(`SELECT number, started_at AS startedAt FROM economy_seasons WHERE guild_id = ? AND ended_at IS NULL ORDER BY number DESC LIMIT 1`)
    .get(guildId) as Season | undefined;
  return row ?? { number: 1, startedAt: Number.MIN_SAFE_INTEGER };
}

export interface SeasonChange {
  ended: Season & { endedAt: number; standings: number };
  started: Season;
}

export function startSeason(sqlite: Database.Database, guildId: string, at: number, by: string): SeasonChange {
  return sqlite.transaction((): SeasonChange => {
    const current = currentSeason(sqlite, guildId);
    if (at <= current.startedAt) throw new Error('a season cannot end before it started');
    let seasonId: number;
    const stored = sqlite
      .prepare(`SELECT id FROM economy_seasons WHERE guild_id = ? AND number = ?`)
      .get(guildId, current.number) as { id: number } | undefined;
    if (stored) {
      sqlite.prepare(`UPDATE economy_seasons SET ended_at = ? WHERE id = ?`).run(at, stored.id);
      seasonId = stored.id;
    } else {
      seasonId = Number(
        sqlite
          .prepare(`INSERT INTO economy_seasons (guild_id, number, started_at, ended_at, started_by) VALUES (?, ?, ?, ?, NULL)`)
          .run(guildId, current.number, current.startedAt, at).lastInsertRowid,
      );
    }
    const standings = allStandings(sqlite, guildId, { start: current.startedAt, end: at });
    const insert = sqlite.prepare(`INSERT INTO economy_season_standings (season_id, member_id, rank, points) VALUES (?, ?, ?, ?)`);
    for (const s of standings) insert.run(seasonId, s.memberId, s.rank, s.points);
    const next = current.number + 1;
    sqlite
      .prepare(`INSERT INTO economy_seasons (guild_id, number, started_at, ended_at, started_by) VALUES (?, ?, ?, NULL, ?)`)
      .run(guildId, next, at, by);
    return { ended: { ...current, endedAt: at, standings: standings.length }, started: { number: next, startedAt: at } };
  })();
}

/** The archived standings of an ended season. */
export function archivedStandings(sqlite: Database.Database, guildId: string, number: number): { memberId: string; rank: number; points: number }[] {
  return sqlite
    .prepare(`SELECT st.member_id AS memberId, st.rank, st.points FROM economy_season_standings st
      JOIN economy_seasons s ON s.id = st.season_id WHERE s.guild_id = ? AND s.number = ? ORDER BY st.rank`)
    .all(guildId, number) as { memberId: string; rank: number; points: number }[];
}

/**
 * Leaderboard periods as [start, end) ranges over the ledger's `at`. All boundaries are UTC: weeks start on Monday
 * 00:00, months on the 1st 00:00; a season starts when an admin starts it and runs until the next one starts.
 */
import { DAY_MS } from './rules.js';

export const PERIODS = ['week', 'month', 'season', 'all'] as const;
export type Period = (typeof PERIODS)[number];

export interface Range {
  start: number;
  end: number;
}

/** The whole ledger. */
export const ALL_TIME: Range = { start: Number.MIN_SAFE_INTEGER, end: Number.MAX_SAFE_INTEGER };

export function weekOf(at: number): Range {
  const day = Math.floor(at / DAY_MS);
  // 1970-01-01 was a Thursday: (day + 3) % 7 counts days since Monday.
  const start = (day - ((((day + 3) % 7) + 7) % 7)) * DAY_MS;
  return { start, end: start + 7 * DAY_MS };
}

export function monthOf(at: number): Range {
  const date = new Date(at);
  const start = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  const end = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  return { start, end };
}

export function periodRange(period: Period, at: number, seasonStartedAt: number): Range {
  switch (period) {
    case 'week':
      return weekOf(at);
    case 'month':
      return monthOf(at);
    case 'season':
      return { start: seasonStartedAt, end: Number.MAX_SAFE_INTEGER };
    case 'all':
      return ALL_TIME;
  }
}

/**
 * Leaderboard periods as [start, end) ranges over the ledger's `at`, in the guild's time zone: weeks start on Monday
 * 00:00, months on the 1st 00:00, local time; a season starts when an admin starts it and runs until the next one.
 */
import { localMonthRange, localWeekRange } from '../lib/zoned-time.js';

export const PERIODS = ['week', 'month', 'season', 'all'] as const;
export type Period = (typeof PERIODS)[number];

export interface Range {
  start: number;
  end: number;
}

/** The whole ledger. */
export const ALL_TIME: Range = { start: Number.MIN_SAFE_INTEGER, end: Number.MAX_SAFE_INTEGER };

export function weekOf(at: number, timeZone: string): Range {
  return localWeekRange(at, timeZone);
}

export function monthOf(at: number, timeZone: string): Range {
  return localMonthRange(at, timeZone);
}

export function periodRange(period: Period, at: number, seasonStartedAt: number, timeZone: string): Range {
  switch (period) {
    case 'week':
      return weekOf(at, timeZone);
    case 'month':
      return monthOf(at, timeZone);
    case 'season':
      return { start: seasonStartedAt, end: Number.MAX_SAFE_INTEGER };
    case 'all':
      return ALL_TIME;
  }
}

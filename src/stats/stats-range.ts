/**
 * The window /stats looks at: `days` whole calendar days in the guild's time zone (the one zone its digest, caps,
 * streaks and leaderboards use), ending with the (partial) day of `now`. Local days may be 23 or 25 hours long
 * (DST); queries count in quarter-hour slots from the start (every zone's offset is a multiple of 15 minutes), which
 * map onto the local days here.
 */
import { STATS_SLOT_MS } from '../db/queries/stats.js';
import { addDays, localTime, startOfLocalDay } from '../lib/zoned-time.js';


export const STATS_RANGES = ['7d', '30d', '90d'] as const;
export type StatsRangeName = (typeof STATS_RANGES)[number];
export const RANGE_DAYS: Record<StatsRangeName, number> = { '7d': 7, '30d': 30, '90d': 90 };

export interface StatsRange {
  /** Local midnight of the first day (inclusive). */
  start: number;
  /** `now + 1` (exclusive): an event at the moment the command ran counts, nothing after it does. */
  end: number;
  days: number;
  /** One label per day, `MM-DD` (local). */
  dayLabels: string[];
  /** The first instant of each local day, and of the day after the last. */
  dayStarts: number[];
  /** The IANA zone the days are counted in. */
  timeZone: string;
}



export function statsRange(now: number, days: number, timeZone = 'UTC'): StatsRange {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`days must be a positive integer, got ${days}`);
  const first = addDays(localTime(now, timeZone).day, -(days - 1));
  const localDays = Array.from({ length: days + 1 }, (_, i) => addDays(first, i));
  const dayStarts = localDays.map((day) => startOfLocalDay(day, timeZone));
  return { start: dayStarts[0] as number, end: now + 1, days, dayLabels: localDays.slice(0, days).map((day) => day.slice(5)), dayStarts, timeZone };
}

/** The day of the range a query's slot (quarter hours since `start`) falls in; -1 outside the range. */
export function dayOfSlot(range: StatsRange, slot: number): number {
  const at = range.start + slot * STATS_SLOT_MS;
  if (slot < 0 || at >= (range.dayStarts[range.days] as number)) return -1;
  let day = 0;
  while (at >= (range.dayStarts[day + 1] as number)) day++;
  return day;
}

/** A zero-filled per-day series with the rows' counts put in their day's slot. */
export function perDay(range: StatsRange, rows: readonly { bucket: number; n: number }[]): number[] {
  const series = new Array<number>(range.days).fill(0);
  for (const row of rows) {
    const day = dayOfSlot(range, row.bucket);
    if (day >= 0) series[day] = (series[day] as number) + row.n;
  }
  return series;
}

/**
 * The window /stats looks at: `days` whole UTC days ending with the (partial) day of `now`. Days are UTC because
 * a guild has no time zone of its own outside the digest settings, and a moderator comparing two ranges should see
 * the same buckets whichever of them ran the command.
 */
export const DAY_MS = 86_400_000;

export const STATS_RANGES = ['7d', '30d', '90d'] as const;
export type StatsRangeName = (typeof STATS_RANGES)[number];
export const RANGE_DAYS: Record<StatsRangeName, number> = { '7d': 7, '30d': 30, '90d': 90 };

export interface StatsRange {
  /** UTC midnight of the first day (inclusive). */
  start: number;
  /** `now + 1` (exclusive): an event at the moment the command ran counts, nothing after it does. */
  end: number;
  days: number;
  /** One label per day, `MM-DD` (UTC). */
  dayLabels: string[];
}

export function statsRange(now: number, days: number): StatsRange {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`days must be a positive integer, got ${days}`);
  const start = Math.floor(now / DAY_MS) * DAY_MS - (days - 1) * DAY_MS;
  const dayLabels = Array.from({ length: days }, (_, i) => new Date(start + i * DAY_MS).toISOString().slice(5, 10));
  return { start, end: now + 1, days, dayLabels };
}

/** A zero-filled per-day series with the rows' counts put in their day's slot. */
export function perDay(range: StatsRange, rows: readonly { bucket: number; n: number }[]): number[] {
  const series = new Array<number>(range.days).fill(0);
  for (const row of rows) if (row.bucket >= 0 && row.bucket < range.days) series[row.bucket] = row.n;
  return series;
}

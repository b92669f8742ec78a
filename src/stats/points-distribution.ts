/**
 * Points distribution: every present member's balance (SUM(delta) over the whole ledger up to now, as /points
 * shows it), as a histogram, and the share of all points held by the top 10 % of members. Members are those the
 * leaderboard shows (present, non-bot, balance not zero) minus those who opted out.
 */
import type Database from 'better-sqlite3';
import { statsQueries } from '../db/queries/stats.js';

export interface HistogramBin {
  /** Inclusive lower bound. */
  from: number;
  /** Exclusive upper bound. */
  to: number;
  members: number;
}

export interface PointsDistribution {
  members: number;
  totalPoints: number;
  median: number;
  bins: HistogramBin[];
  /**
   * Share (0–1) of the positive points held by the richest ceil(10 %) of members; null without positive points.
   * Negative balances (reversals, adjustments) are not "held", so they count as zero on both sides.
   */
  top10Share: number | null;
}

export function memberBalances(sqlite: Database.Database, guildId: string, now: number): number[] {
  return statsQueries(sqlite).memberBalances(guildId, now);
}

/** Pure: the distribution of the balances, in about `maxBins` bins (at most one more) of a round width. */
export function pointsDistribution(balances: readonly number[], maxBins = 10): PointsDistribution {
  const sorted = [...balances].sort((a, b) => a - b);
  const n = sorted.length;
  const totalPoints = sorted.reduce((sum, b) => sum + b, 0);
  if (n === 0) return { members: 0, totalPoints: 0, median: 0, bins: [], top10Share: null };
  const median = n % 2 === 1 ? (sorted[(n - 1) / 2] as number) : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2;
  const min = sorted[0] as number;
  const max = sorted[n - 1] as number;
  const width = roundWidth((max - min + 1) / maxBins);
  const first = Math.floor(min / width) * width;
  const count = Math.floor((max - first) / width) + 1;
  const bins: HistogramBin[] = Array.from({ length: count }, (_, i) => ({ from: first + i * width, to: first + (i + 1) * width, members: 0 }));
  for (const b of sorted) (bins[Math.floor((b - first) / width)] as HistogramBin).members += 1;
  const positive = sorted.map((b) => Math.max(0, b));
  const held = positive.reduce((sum, b) => sum + b, 0);
  const topCount = Math.ceil(n * 0.1);
  const topHeld = positive.slice(n - topCount).reduce((sum, b) => sum + b, 0);
  return { members: n, totalPoints, median, bins, top10Share: held > 0 ? topHeld / held : null };
}

/** The smallest of 1, 2, 5 × 10^k that is at least `raw`: bin edges a reader can take in at a glance. */
function roundWidth(raw: number): number {
  if (raw <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= raw) return step * magnitude;
  return 10 * magnitude;
}

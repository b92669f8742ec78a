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
   * `tenfold`: bins grow by powers of ten (1…9, 10…99, …), for a large server where a few members hold far more
   * than most and equal-width bins would put nearly everyone in the first bar.
   */
  scale: 'linear' | 'tenfold';
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
  if (n === 0) return { members: 0, totalPoints: 0, median: 0, bins: [], scale: 'linear', top10Share: null };
  const median = n % 2 === 1 ? (sorted[(n - 1) / 2] as number) : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2;
  const min = sorted[0] as number;
  const max = sorted[n - 1] as number;
  const width = roundWidth((max - min + 1) / maxBins);
  const first = Math.floor(min / width) * width;
  const count = Math.floor((max - first) / width) + 1;
  const linear: HistogramBin[] = Array.from({ length: count }, (_, i) => ({ from: first + i * width, to: first + (i + 1) * width, members: 0 }));
  for (const b of sorted) (linear[Math.floor((b - first) / width)] as HistogramBin).members += 1;
  const crowded = Math.max(...linear.map((bin) => bin.members)) > n * HEAVY_TAIL_SHARE;
  const scale = crowded && max >= HEAVY_TAIL_MIN_MAX ? 'tenfold' : 'linear';
  const bins = scale === 'tenfold' ? tenfoldBins(sorted) : linear;
  const positive = sorted.map((b) => Math.max(0, b));
  const held = positive.reduce((sum, b) => sum + b, 0);
  const topCount = Math.ceil(n * 0.1);
  const topHeld = positive.slice(n - topCount).reduce((sum, b) => sum + b, 0);
  return { members: n, totalPoints, median, bins, scale, top10Share: held > 0 ? topHeld / held : null };
}

/** One bar holding more than this share of members, with balances reaching HEAVY_TAIL_MIN_MAX: bins grow tenfold. */
const HEAVY_TAIL_SHARE = 0.6;
const HEAVY_TAIL_MIN_MAX = 100;

/** Negative balances in one bin, then 0…9 (1…9 without zeros), 10…99, 100…999, … up to the largest balance. */
function tenfoldBins(sorted: readonly number[]): HistogramBin[] {
  const bins: HistogramBin[] = [];
  const min = sorted[0] as number;
  const max = sorted[sorted.length - 1] as number;
  if (min < 0) bins.push({ from: min, to: 0, members: 0 });
  bins.push({ from: sorted.some((b) => b === 0) ? 0 : 1, to: 10, members: 0 });
  for (let from = 10; from <= max; from *= 10) bins.push({ from, to: from * 10, members: 0 });
  for (const b of sorted) {
    const bin = bins.find((candidate) => b >= candidate.from && b < candidate.to) ?? bins[0];
    (bin as HistogramBin).members += 1;
  }
  return bins;
}

/** The smallest of 1, 2, 5 × 10^k that is at least `raw`: bin edges a reader can take in at a glance. */
function roundWidth(raw: number): number {
  if (raw <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= raw) return step * magnitude;
  return 10 * magnitude;
}

/**
 * Chart definitions as pure functions of the series: chart.js configurations with localised titles, legends and
 * axes. Nothing here draws; chart-renderer.ts turns a configuration into a PNG. Colours are chosen to read on the
 * opaque white background the renderer paints (Discord shows the same image on its dark and light themes).
 */
import type { ChartConfiguration, ChartDataset } from 'chart.js';
import type { AppLocale } from '../i18n/locale.js';
import { statsText } from '../i18n/stats.js';
import type { ActivitySeries } from './activity-series.js';
import type { EngagementSeries } from './engagement-series.js';
import type { TrainingRunQuality } from './model-quality-series.js';
import type { PointsDistribution } from './points-distribution.js';
import type { StatsRange } from './stats-range.js';

export type StatsChartConfig = ChartConfiguration<'line'> | ChartConfiguration<'bar'>;

/** A colour-blind-safe palette (Okabe–Ito), dark enough for text-sized marks on white. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'] as const;
const colour = (i: number): string => PALETTE[i % PALETTE.length] as string;

const TEXT = '#1f2328';
const GRID = '#d0d7de';

function baseOptions(title: string, subtitle: string | null, xTitle: string, yTitle: string) {
  return {
    animation: false as const,
    responsive: false,
    color: TEXT,
    plugins: {
      title: { display: true, text: title, color: TEXT, font: { size: 18, weight: 'bold' as const } },
      subtitle: { display: subtitle !== null, text: subtitle ?? '', color: TEXT, font: { size: 13 } },
      legend: { position: 'bottom' as const, labels: { color: TEXT } },
    },
    scales: {
      x: { title: { display: true, text: xTitle, color: TEXT }, ticks: { color: TEXT }, grid: { color: GRID } },
      y: { beginAtZero: true, title: { display: true, text: yTitle, color: TEXT }, ticks: { color: TEXT, precision: 0 }, grid: { color: GRID } },
    },
  };
}

const line = (label: string, data: number[], i: number, days: number): ChartDataset<'line', number[]> => ({
  label,
  data,
  borderColor: colour(i),
  backgroundColor: colour(i),
  borderWidth: 2,
  // Points on a 90-day line are clutter; on a week they show which days had data.
  pointRadius: days > 31 ? 0 : 3,
  // Straight segments: a smoothed curve of counts overshoots below zero and above the day's value.
  tension: 0,
});

/**
 * Series that are zero every day are left out (seven flat lines at zero hide each other) and named in the subtitle
 * instead, so a moderator sees which figures are simply not there yet.
 */
function drawnSeries(datasets: ChartDataset<'line', number[]>[], locale: AppLocale): { datasets: ChartDataset<'line', number[]>[]; subtitle: string | null } {
  const drawn = datasets.filter((d) => d.data.some((value) => value !== 0));
  const empty = datasets.filter((d) => !drawn.includes(d)).map((d) => d.label ?? '');
  return { datasets: drawn, subtitle: empty.length > 0 && drawn.length > 0 ? statsText(locale).nothingYet({ series: empty.join(', ') }) : null };
}

export function activityChart(range: StatsRange, series: ActivitySeries, locale: AppLocale): ChartConfiguration<'line'> {
  const t = statsText(locale);
  const { datasets, subtitle } = drawnSeries(
    [
      line(t.posts, series.posts, 0, range.days),
      line(t.replies, series.replies, 1, range.days),
      line(t.reactions, series.reactions, 2, range.days),
      line(t.activeMembers, series.activeMembers, 3, range.days),
    ],
    locale,
  );
  return {
    type: 'line',
    data: { labels: range.dayLabels, datasets },
    options: baseOptions(t.activityTitle, subtitle, t.dayAxis({ zone: range.timeZone }), t.countAxis),
  };
}

export function engagementChart(range: StatsRange, series: EngagementSeries, locale: AppLocale): ChartConfiguration<'line'> {
  const t = statsText(locale);
  const { datasets, subtitle } = drawnSeries(
    [
      line(t.impressions, series.impressions, 0, range.days),
      line(t.engaged, series.engaged, 2, range.days),
      line(t.digestsDelivered, series.digestsDelivered, 5, range.days),
      line(t.picksPresses, series.picksPresses, 4, range.days),
      line(t.feedbackMore, series.feedbackMore, 3, range.days),
      line(t.feedbackLess, series.feedbackLess, 1, range.days),
      line(t.feedbackHide, series.feedbackHide, 6, range.days),
    ],
    locale,
  );
  return {
    type: 'line',
    data: { labels: range.dayLabels, datasets },
    options: baseOptions(t.engagementTitle, subtitle, t.dayAxis({ zone: range.timeZone }), t.countAxis),
  };
}

const DEFAULT_K = 10;

/** `MM-DD HH:mm` in the guild's zone. */
function runTimeLabel(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

/** Grouped bars per run; a missing figure (no learned method, no baseline figures) is a gap, not a zero. */
export function modelQualityChart(runs: readonly TrainingRunQuality[], locale: AppLocale, timeZone = 'UTC'): ChartConfiguration<'bar'> {
  const t = statsText(locale);
  const k = runs.at(-1)?.k ?? DEFAULT_K;
  const bar = (label: string, data: (number | null)[], i: number): ChartDataset<'bar', (number | null)[]> => ({
    label,
    data,
    backgroundColor: colour(i),
  });
  const options = baseOptions(t.modelTitle({ k }), runs.length === 0 ? t.noRuns : modelVerdict(runs.at(-1), locale), t.runAxis({ zone: timeZone }), t.scoreAxis);
  return {
    type: 'bar',
    data: {
      labels: runs.map((run) => [
        runTimeLabel(run.asOf, timeZone),
        run.promoted ? t.servedModel : t.servedBaseline({ method: run.serving ?? t.notAvailable }),
      ]),
      datasets: [
        bar(t.modelNdcg({ k }), runs.map((r) => r.modelNdcg), 0),
        bar(t.baselineNdcg({ k }), runs.map((r) => r.baselineNdcg), 1),
        bar(t.modelRecall({ k }), runs.map((r) => r.modelRecall), 5),
        bar(t.baselineRecall({ k }), runs.map((r) => r.baselineRecall), 4),
      ],
    },
    options: { ...options, scales: { ...options.scales, y: { ...options.scales.y, ticks: { color: TEXT } } } },
  };
}

/** The latest run in words: how much better or worse the model ranked than the best baseline (the labels say what served). */
function modelVerdict(run: TrainingRunQuality | undefined, locale: AppLocale): string | null {
  if (!run || run.modelNdcg === null || run.baselineNdcg === null || run.baselineNdcg <= 0 || run.bestBaseline === null) return null;
  const t = statsText(locale);
  const change = (run.modelNdcg - run.baselineNdcg) / run.baselineNdcg;
  const words = { percent: `${(Math.abs(change) * 100).toFixed(0)} %`, baseline: run.bestBaseline, k: run.k };
  return change >= 0 ? t.modelBetter(words) : t.modelWorse(words);
}

export function pointsChart(points: PointsDistribution, locale: AppLocale): ChartConfiguration<'bar'> {
  const t = statsText(locale);
  const subtitle =
    points.members === 0
      ? t.noPoints
      : t.pointsSubtitle({ members: points.members, share: formatShare(points.top10Share, t.notAvailable), median: formatNumber(points.median) }) +
        (points.scale === 'tenfold' ? ` · ${t.tenfoldBins}` : '');
  return {
    type: 'bar',
    data: {
      labels: points.bins.map(binLabel),
      datasets: [{ label: t.membersLabel, data: points.bins.map((bin) => bin.members), backgroundColor: colour(0) }],
    },
    options: baseOptions(t.pointsTitle, subtitle, t.balanceAxis, t.membersAxis),
  };
}

/** `0…4`, `−5…−1` (a typographic minus, so a negative bound does not read as a dash), or `7` for a one-point bin. */
function binLabel(bin: { from: number; to: number }): string {
  const n = (value: number) => (value < 0 ? `\u2212${-value}` : String(value));
  return bin.to - bin.from === 1 ? n(bin.from) : `${n(bin.from)}…${n(bin.to - 1)}`;
}

export function formatShare(share: number | null, missing: string): string {
  return share === null ? missing : `${(share * 100).toFixed(1)} %`;
}

export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/**
 * What /stats answers for a guild and range: an explanation when there is nothing to chart (a guild attune never
 * recorded, or one with no activity, recommendations, training or points yet), otherwise the headline figures and
 * the four charts. Charts are drawn only when there is something to draw.
 */
import type Database from 'better-sqlite3';
import type { AppLocale } from '../i18n/locale.js';
import { guildIsRecorded, hasNothingToShow, summarize, type StatsSummary } from './guild-stats.js';
import { collectStats, renderStatsCharts, type RenderedChart } from './render-guild-charts.js';

export type StatsReport =
  | { kind: 'not-recorded' }
  | { kind: 'nothing-to-show'; days: number }
  | { kind: 'charts'; days: number; timeZone: string; summary: StatsSummary; charts: RenderedChart[] };

export async function buildStatsReport(
  sqlite: Database.Database,
  guildId: string,
  options: { locale: AppLocale; now: number; days: number },
): Promise<StatsReport> {
  if (!guildIsRecorded(sqlite, guildId)) return { kind: 'not-recorded' };
  const stats = await collectStats(sqlite, guildId, options.now, options.days);
  const summary = summarize(stats);
  if (hasNothingToShow(summary)) return { kind: 'nothing-to-show', days: options.days };
  return { kind: 'charts', days: options.days, timeZone: stats.range.timeZone, summary, charts: await renderStatsCharts(stats, options.locale) };
}

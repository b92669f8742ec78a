/**
 * The stable entry point for /stats and the offline demo: one guild's four charts as PNG files.
 * The figures are read on the caller's connection (a few indexed queries, milliseconds); the drawing, about half a
 * second of CPU for the four charts on this machine, runs on a worker thread (chart-worker-client.ts) so a bot
 * answering other interactions is not held up.
 */
import type Database from 'better-sqlite3';
import type { AppLocale } from '../i18n/locale.js';
import { renderChartsOffThread } from './chart-worker-client.js';
import { collectGuildStats, type GuildStats } from './guild-stats.js';
import { statsChartConfigs } from './stats-charts.js';

export interface RenderedChart {
  /** File name, also the `attachment://` name in an embed. */
  file: string;
  /** The chart's localised title. */
  title: string;
  png: Buffer;
}

export async function renderGuildCharts(
  sqlite: Database.Database,
  guildId: string,
  options: { locale: AppLocale; now: number; days: number },
): Promise<RenderedChart[]> {
  return renderStatsCharts(collectGuildStats(sqlite, guildId, options.now, options.days), options.locale);
}

/** The charts of figures already collected (for callers that also show the figures themselves). */
export async function renderStatsCharts(stats: GuildStats, locale: AppLocale): Promise<RenderedChart[]> {
  const charts = statsChartConfigs(stats, locale);
  const pngs = await renderChartsOffThread(charts.map((chart) => chart.config));
  return charts.map((chart, i) => ({ file: chart.file, title: chart.title, png: pngs[i] as Buffer }));
}

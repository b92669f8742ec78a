/**
 * The stable entry point for /stats and the offline demo: one guild's four charts as PNG files.
 * Both the figures (up to ~0.3 s of queries for 90 days of a large guild) and the drawing (about half a second of
 * CPU for the four charts on this machine) run on a worker thread (chart-worker-client.ts), so a bot answering
 * other interactions is not held up.
 */
import type Database from 'better-sqlite3';
import type { AppLocale } from '../i18n/locale.js';
import { collectStatsOffThread, renderChartsOffThread } from './chart-worker-client.js';
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
  return renderStatsCharts(await collectStats(sqlite, guildId, options.now, options.days), options.locale);
}

/**
 * The guild's figures, read on the drawing thread through its own read-only connection when the database is a file
 * (an in-memory one can only be read here). The worker sees what is committed, which is what /stats shows anyway.
 */
export async function collectStats(sqlite: Database.Database, guildId: string, now: number, days: number): Promise<GuildStats> {
  if (sqlite.memory || sqlite.name === '' || sqlite.name === ':memory:') return collectGuildStats(sqlite, guildId, now, days);
  return collectStatsOffThread(sqlite.name, guildId, now, days);
}

/** The charts of figures already collected (for callers that also show the figures themselves). */
export async function renderStatsCharts(stats: GuildStats, locale: AppLocale): Promise<RenderedChart[]> {
  const charts = statsChartConfigs(stats, locale);
  const pngs = await renderChartsOffThread(charts.map((chart) => chart.config));
  return charts.map((chart, i) => ({ file: chart.file, title: chart.title, png: pngs[i] as Buffer }));
}

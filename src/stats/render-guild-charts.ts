/**
 * The stable entry point for /stats and the offline demo: one guild's four charts as PNG files.
 * Rendering runs off the event loop (chart-worker-client.ts) so a bot answering other interactions is not held up.
 */
import type Database from 'better-sqlite3';
import type { AppLocale } from '../i18n/locale.js';
import { statsChartConfigs } from './stats-charts.js';
import { collectGuildStats } from './guild-stats.js';
import { renderChartPng } from './chart-renderer.js';

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
  const stats = collectGuildStats(sqlite, guildId, options.now, options.days);
  const charts = statsChartConfigs(stats, options.locale);
  const rendered: RenderedChart[] = [];
  for (const chart of charts) rendered.push({ file: chart.file, title: chart.title, png: await renderChartPng(chart.config) });
  return rendered;
}

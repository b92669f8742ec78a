/** The four /stats charts of one guild's figures: file names, titles and chart.js configurations (pure). */
import type { ChartConfiguration } from 'chart.js';
import type { AppLocale } from '../i18n/locale.js';
import { statsText } from '../i18n/stats.js';
import { activityChart, engagementChart, modelQualityChart, pointsChart } from './chart-configs.js';
import type { GuildStats } from './guild-stats.js';

export const STATS_CHART_FILES = ['activity.png', 'engagement.png', 'model-quality.png', 'points.png'] as const;
export type StatsChartFile = (typeof STATS_CHART_FILES)[number];

export interface StatsChart {
  file: StatsChartFile;
  title: string;
  config: ChartConfiguration;
}

export function statsChartConfigs(stats: GuildStats, locale: AppLocale): StatsChart[] {
  const t = statsText(locale);
  const k = stats.runs.at(-1)?.k ?? 10;
  return [
    { file: 'activity.png', title: t.activityTitle, config: activityChart(stats.range, stats.activity, locale) as ChartConfiguration },
    { file: 'engagement.png', title: t.engagementTitle, config: engagementChart(stats.range, stats.engagement, locale) as ChartConfiguration },
    { file: 'model-quality.png', title: t.modelTitle({ k }), config: modelQualityChart(stats.runs, locale, stats.range.timeZone) as ChartConfiguration },
    { file: 'points.png', title: t.pointsTitle, config: pointsChart(stats.points, locale) as ChartConfiguration },
  ];
}

/**
 * GIVEN the hand-counted fixture guild THEN the chart configurations carry its series and localised labels, and
 * the rendered PNGs are real images of the declared size with more than a background in them.
 */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { ChartConfiguration } from 'chart.js';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHART_HEIGHT, CHART_WIDTH } from '../../src/stats/chart-renderer.js';
import { closeChartWorker } from '../../src/stats/chart-worker-client.js';
import { collectGuildStats } from '../../src/stats/guild-stats.js';
import { renderGuildCharts } from '../../src/stats/render-guild-charts.js';
import { statsChartConfigs } from '../../src/stats/stats-charts.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';
import { seedStatsFixture, STATS_DAYS, STATS_EXPECTED, STATS_NOW } from '../fixtures/stats-fixture.js';

const GUILD = '700000000000000001';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, which the PNG format puts first. */
function ihdrSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Distinct opaque colours in the decoded image, and whether any pixel is transparent. */
async function colours(png: Buffer): Promise<{ distinct: number; transparent: boolean }> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, image.width, image.height);
  const seen = new Set<number>();
  let transparent = false;
  for (let i = 0; i < data.length; i += 4) {
    if ((data[i + 3] as number) < 255) transparent = true;
    seen.add(((data[i] as number) << 16) | ((data[i + 1] as number) << 8) | (data[i + 2] as number));
  }
  return { distinct: seen.size, transparent };
}

const datasetLabels = (config: ChartConfiguration) => config.data.datasets.map((d) => d.label);

describe('stats charts', () => {
  let db: TempDb;

  beforeEach(() => {
    db = createTempDb();
    seedStatsFixture(db.sqlite, GUILD);
  });

  afterEach(() => db.dispose());
  afterAll(() => closeChartWorker());

  it('GIVEN the fixture THEN each chart configuration carries the series it draws', () => {
    const stats = collectGuildStats(db.sqlite, GUILD, STATS_NOW, STATS_DAYS);
    const [activity, engagement, model, points] = statsChartConfigs(stats, 'en');
    expect(activity?.config.data.labels).toEqual(STATS_EXPECTED.dayLabels);
    expect(activity?.config.data.datasets.map((d) => [d.label, d.data])).toEqual([
      ['Posts', STATS_EXPECTED.activity.posts],
      ['Replies', STATS_EXPECTED.activity.replies],
      ['Reactions', STATS_EXPECTED.activity.reactions],
      ['Active members', STATS_EXPECTED.activity.activeMembers],
    ]);
    expect(engagement?.config.data.datasets[0]?.data).toEqual(STATS_EXPECTED.engagement.impressions);
    expect(model?.config.data.labels).toEqual([
      ['11-15 01:00', 'model served'],
      ['11-18 01:00', 'popularity served'],
    ]);
    expect(model?.config.data.datasets.map((d) => d.data)).toEqual([
      [0.3, 0.18],
      [0.2, 0.22],
      [0.4, 0.3],
      [0.35, 0.33],
    ]);
    expect(points?.config.data.labels).toEqual(['\u22125…\u22121', '0…4', '5…9', '10…14', '15…19', '20…24', '25…29', '30…34']);
    expect(points?.config.data.datasets[0]?.data).toEqual([1, 1, 0, 0, 1, 0, 0, 1]);
    expect(points?.config.options?.plugins?.subtitle?.text).toBe('4 members · top 10 % hold 63.8 % · median 8.5');
    // The latest run in words: 0.18 against popularity's 0.22 is 18 % lower.
    expect(model?.config.options?.plugins?.subtitle).toMatchObject({
      display: true,
      text: 'Latest run: the model put what members went on to engage with 18 % lower than "popularity" did (NDCG@10)',
    });
  });

  it('GIVEN series that are zero every day THEN they are not drawn over each other but named in the subtitle', () => {
    const stats = collectGuildStats(db.sqlite, GUILD, STATS_NOW, STATS_DAYS);
    const quiet = { ...stats, engagement: { ...stats.engagement, feedbackLess: stats.engagement.feedbackLess.map(() => 0), feedbackHide: stats.engagement.feedbackHide.map(() => 0) } };
    const engagement = statsChartConfigs(quiet, 'en')[1]?.config as ChartConfiguration;
    expect(datasetLabels(engagement)).not.toContain('Not for me');
    expect(datasetLabels(engagement)).not.toContain('Hidden');
    expect(String(engagement.options?.plugins?.subtitle?.text)).toContain('Not for me, Hidden');
    expect(engagement.data.datasets.every((d) => (d.data as number[]).some((v) => v !== 0))).toBe(true);
    expect(String(engagement.options?.plugins?.subtitle?.text)).toMatch(/^None yet in this range \(not drawn\): .+/);
    expect(engagement.data.datasets.length).toBeLessThan(7);
  });

  it('GIVEN a zh-CN locale THEN titles, legends and axes are in Simplified Chinese', () => {
    const stats = collectGuildStats(db.sqlite, GUILD, STATS_NOW, STATS_DAYS);
    const charts = statsChartConfigs(stats, 'zh-CN');
    expect(charts.map((c) => c.title)).toEqual(['每日活跃度', '每日推荐与摘要', '每次训练的模型与最佳基线对比（留出集，K = 10）', '每位成员持有的积分']);
    expect(datasetLabels(charts[0]?.config as ChartConfiguration)).toEqual(['帖子', '回复', '回应', '活跃成员']);
    expect(charts[0]?.config.options?.plugins?.title?.text).toBe('每日活跃度');
    expect(charts[2]?.config.data.labels).toEqual([
      ['11-15 01:00', '使用模型'],
      ['11-18 01:00', '使用 popularity'],
    ]);
  });

  it('GIVEN a guild without training runs THEN the model chart says so instead of drawing empty bars silently', () => {
    const empty = '700000000000000002';
    seedStatsFixture(db.sqlite, empty, { withRuns: false });
    const model = statsChartConfigs(collectGuildStats(db.sqlite, empty, STATS_NOW, STATS_DAYS), 'en')[2];
    expect(model?.config.data.labels).toEqual([]);
    expect(model?.config.options?.plugins?.subtitle).toMatchObject({ display: true, text: 'No training run finished in this range.' });
  });

  it('GIVEN the fixture THEN four valid, opaque, non-blank PNGs of the chart size are rendered, in English and Chinese', async () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const charts = await renderGuildCharts(db.sqlite, GUILD, { locale, now: STATS_NOW, days: STATS_DAYS });
      expect(charts.map((c) => c.file)).toEqual(['activity.png', 'engagement.png', 'model-quality.png', 'points.png']);
      for (const chart of charts) {
        expect(ihdrSize(chart.png)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
        const image = await loadImage(chart.png);
        expect([image.width, image.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
        const { distinct, transparent } = await colours(chart.png);
        // Lines, bars and anti-aliased text make hundreds of colours; a blank or background-only image has one.
        expect(distinct).toBeGreaterThan(20);
        expect(transparent).toBe(false);
      }
    }
  });
});

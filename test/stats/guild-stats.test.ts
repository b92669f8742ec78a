/**
 * GIVEN a small guild whose figures were counted by hand (test/fixtures/stats-fixture.ts) THEN /stats's series equal
 * them: opted-out members and bots are never counted, members who left count in activity but not among balances,
 * deleted posts and events outside the range are left out, and per-run model figures say which method served.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectGuildStats, guildIsRecorded, hasNothingToShow, summarize } from '../../src/stats/guild-stats.js';
import { pointsDistribution } from '../../src/stats/points-distribution.js';
import { settingsQueries } from '../../src/db/queries/settings.js';
import { dayOfSlot, statsRange } from '../../src/stats/stats-range.js';
import { STATS_SLOT_MS } from '../../src/db/queries/stats.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';
import { seedStatsFixture, STATS_DAYS, STATS_EXPECTED, STATS_NOW } from '../fixtures/stats-fixture.js';

const GUILD = '700000000000000001';
const GUILD_WITHOUT_RUNS = '700000000000000002';

describe('guild stats series', () => {
  let db: TempDb;

  beforeEach(() => {
    db = createTempDb();
    seedStatsFixture(db.sqlite, GUILD);
    seedStatsFixture(db.sqlite, GUILD_WITHOUT_RUNS, { withRuns: false });
  });

  afterEach(() => db.dispose());

  it('GIVEN now and 7 days THEN the range is the 7 UTC days ending today, labelled MM-DD', () => {
    const range = statsRange(STATS_NOW, STATS_DAYS);
    expect(range.start).toBe(Date.parse('2026-11-14T00:00:00Z'));
    expect(range.end).toBe(STATS_NOW + 1);
    expect(range.dayLabels).toEqual(STATS_EXPECTED.dayLabels);
  });

  it('GIVEN a guild in Asia/Shanghai THEN its days are local days: an event at 17:00 UTC counts on the next local day', () => {
    const range = statsRange(Date.parse('2026-11-20T03:00:00Z'), 2, 'Asia/Shanghai');
    expect(range.start).toBe(Date.parse('2026-11-18T16:00:00Z'));
    expect(range.dayLabels).toEqual(['11-19', '11-20']);
    const slotOf = (iso: string) => Math.floor((Date.parse(iso) - range.start) / STATS_SLOT_MS);
    expect(dayOfSlot(range, slotOf('2026-11-19T15:59:00Z'))).toBe(0);
    expect(dayOfSlot(range, slotOf('2026-11-19T17:00:00Z'))).toBe(1);
    expect(dayOfSlot(range, slotOf('2026-11-18T15:00:00Z'))).toBe(-1);
  });

  it('GIVEN New York on the day clocks go back (25 hours) THEN 23:30 that evening is still that day', () => {
    const range = statsRange(Date.parse('2026-11-02T12:00:00Z'), 3, 'America/New_York');
    expect(range.dayStarts).toEqual(['2026-10-31T04:00:00Z', '2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z', '2026-11-03T05:00:00Z'].map(Date.parse));
    expect(dayOfSlot(range, Math.floor((Date.parse('2026-11-02T04:30:00Z') - range.start) / STATS_SLOT_MS))).toBe(1);
  });

  it('GIVEN the guild set to a time zone THEN /stats counts in its local days', () => {
    settingsQueries(db.sqlite).update(GUILD, { timeZone: 'Asia/Tokyo' }, STATS_NOW);
    const stats = collectGuildStats(db.sqlite, GUILD, STATS_NOW, STATS_DAYS);
    expect(stats.range).toEqual(statsRange(STATS_NOW, STATS_DAYS, 'Asia/Tokyo'));
    expect(stats.range.start).not.toBe(statsRange(STATS_NOW, STATS_DAYS).start);
  });

  it('GIVEN the fixture THEN activity per day equals the hand count', () => {
    const stats = collectGuildStats(db.sqlite, GUILD, STATS_NOW, STATS_DAYS);
    expect(stats.activity).toEqual(STATS_EXPECTED.activity);
  });

  it('GIVEN the fixture THEN engagement with recommendations and digests per day equals the hand count', () => {
    const stats = collectGuildStats(db.sqlite, GUILD, STATS_NOW, STATS_DAYS);
    expect(stats.engagement).toEqual(STATS_EXPECTED.engagement);
    const summary = summarize(stats);
    expect(summary.impressions).toBe(4);
    expect(summary.engaged).toBe(3);
    expect(summary.engagementRate).toBeCloseTo(0.75, 10);
    expect(summary.digestsDelivered).toBe(2);
  });

  it('GIVEN the fixture THEN engaged impressions per day are exactly those the recommendation_engagement view lists', () => {
    const range = statsRange(STATS_NOW, STATS_DAYS);
    const fromView = new Array<number>(STATS_DAYS).fill(0);
    const viewRows = db.sqlite
      .prepare(
        `SELECT DISTINCT member_id, post_id, surface, shown_at FROM recommendation_engagement
          WHERE guild_id = ? AND shown_at >= ? AND shown_at < ? AND at < ?
            AND member_id NOT IN (SELECT user_id FROM privacy_opt_outs WHERE guild_id = ?)`,
      )
      .all(GUILD, range.start, range.end, range.end, GUILD) as { shown_at: number }[];
    for (const row of viewRows) fromView[Math.floor((row.shown_at - range.start) / 86_400_000)]! += 1;
    expect(viewRows.length).toBe(3);
    expect(collectGuildStats(db.sqlite, GUILD, STATS_NOW, STATS_DAYS).engagement.engaged).toEqual(fromView);
  });

  it('GIVEN runs where the model served once and a baseline once THEN each succeeded run in the range has both figures and what served', () => {
    const { runs } = collectGuildStats(db.sqlite, GUILD, STATS_NOW, STATS_DAYS);
    expect(runs.map(({ runId: _id, ...run }) => run)).toEqual([
      {
        asOf: Date.parse('2026-11-15T01:00:00Z'),
        k: 10,
        candidate: 'attune',
        modelNdcg: 0.3,
        modelRecall: 0.4,
        bestBaseline: 'popularity',
        baselineNdcg: 0.2,
        baselineRecall: 0.35,
        serving: 'attune',
        promoted: true,
      },
      {
        asOf: Date.parse('2026-11-18T01:00:00Z'),
        k: 10,
        candidate: 'attune',
        modelNdcg: 0.18,
        modelRecall: 0.3,
        bestBaseline: 'popularity',
        baselineNdcg: 0.22,
        baselineRecall: 0.33,
        serving: 'popularity',
        promoted: false,
      },
    ]);
  });

  it('GIVEN a run as of a moment in the range that finished outside it (the demo\'s simulated week, train --at) THEN it is charted at that moment', () => {
    const asOf = Date.parse('2026-11-16T12:00:00Z');
    db.sqlite
      .prepare(
        `INSERT INTO model_runs (guild_id, started_at, finished_at, status, trigger, candidate_method, serving_method, promoted, metrics, hyper_params)
         SELECT guild_id, ?, ?, 'succeeded', 'manual', candidate_method, serving_method, promoted, metrics, ? FROM model_runs WHERE guild_id = ? LIMIT 1`,
      )
      .run(STATS_NOW + 30 * 86_400_000, STATS_NOW + 30 * 86_400_000, JSON.stringify({ now: asOf, seed: 1 }), GUILD);
    const { runs } = collectGuildStats(db.sqlite, GUILD, STATS_NOW, STATS_DAYS);
    expect(runs.map((run) => run.asOf)).toEqual([Date.parse('2026-11-15T01:00:00Z'), asOf, Date.parse('2026-11-18T01:00:00Z')]);
  });

  it('GIVEN a guild that never trained THEN it has no runs, and its other figures are unaffected', () => {
    const stats = collectGuildStats(db.sqlite, GUILD_WITHOUT_RUNS, STATS_NOW, STATS_DAYS);
    expect(stats.runs).toEqual([]);
    expect(stats.activity).toEqual(STATS_EXPECTED.activity);
    expect(summarize(stats).latestRun).toBeNull();
  });

  it('GIVEN the ledger THEN balances are those of present, non-opted-out members up to now, with the top 10 % share', () => {
    const { points } = collectGuildStats(db.sqlite, GUILD, STATS_NOW, STATS_DAYS);
    expect(points.members).toBe(4);
    expect(points.totalPoints).toBe(43);
    expect(points.median).toBe(8.5);
    // One member is the top 10 % (ceil of 0.4): B's 30 of the 47 positive points held.
    expect(points.top10Share).toBeCloseTo(30 / 47, 10);
    // Width 5 (the round step above 35 / 10), from −5: −4 | 2 | – | – | 15 | – | – | 30.
    expect(points.bins).toEqual([
      { from: -5, to: 0, members: 1 },
      { from: 0, to: 5, members: 1 },
      { from: 5, to: 10, members: 0 },
      { from: 10, to: 15, members: 0 },
      { from: 15, to: 20, members: 1 },
      { from: 20, to: 25, members: 0 },
      { from: 25, to: 30, members: 0 },
      { from: 30, to: 35, members: 1 },
    ]);
  });

  it('GIVEN balances of one value or none THEN the histogram has one bin or none and no share without positive points', () => {
    expect(pointsDistribution([])).toEqual({ members: 0, totalPoints: 0, median: 0, bins: [], scale: 'linear', top10Share: null });
    expect(pointsDistribution([7, 7, 7])).toMatchObject({ members: 3, median: 7, bins: [{ from: 7, to: 8, members: 3 }], top10Share: 1 / 3 });
    expect(pointsDistribution([-2]).top10Share).toBeNull();
  });

  it('GIVEN a large server where a few members hold far more than most THEN the bins grow tenfold instead of one crowded bar', () => {
    const balances = [...Array.from({ length: 95 }, (_, i) => 1 + (i % 5)), 500, 2000, 5000, 12000, 40000];
    const distribution = pointsDistribution(balances);
    expect(distribution.scale).toBe('tenfold');
    expect(distribution.bins).toEqual([
      { from: 1, to: 10, members: 95 },
      { from: 10, to: 100, members: 0 },
      { from: 100, to: 1000, members: 1 },
      { from: 1000, to: 10000, members: 2 },
      { from: 10000, to: 100000, members: 2 },
    ]);
    expect(pointsDistribution([-3, ...balances]).bins[0]).toEqual({ from: -3, to: 0, members: 1 });
  });

  it('GIVEN twenty members THEN the top 10 % are the two richest', () => {
    const balances = Array.from({ length: 20 }, (_, i) => i + 1); // 1..20, total 210
    expect(pointsDistribution(balances).top10Share).toBeCloseTo((20 + 19) / 210, 10);
  });

  it('GIVEN a recorded guild with nothing in the range, and a guild never recorded THEN both are told apart from a guild with figures', () => {
    const later = STATS_NOW + 200 * 86_400_000;
    db.sqlite.prepare(`INSERT INTO guilds (id, name, joined_at, updated_at) VALUES ('700000000000000003', 'New', ?, ?)`).run(later, later);
    expect(hasNothingToShow(summarize(collectGuildStats(db.sqlite, '700000000000000003', later, 7)))).toBe(true);
    expect(hasNothingToShow(summarize(collectGuildStats(db.sqlite, GUILD, STATS_NOW, STATS_DAYS)))).toBe(false);
    expect(guildIsRecorded(db.sqlite, '700000000000000009')).toBe(false);
    expect(guildIsRecorded(db.sqlite, GUILD)).toBe(true);
  });
});

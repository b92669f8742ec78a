import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { figure, meetsGoal } from '../../bench/figures.js';
import { readRuns, toRun } from '../../bench/results-file.js';
import { formatSummary, summarize, summaryCounts, type FigureRow, type SummaryRow } from '../../bench/summary.js';

const fixtures = join(import.meta.dirname, 'fixtures/results');
const KNOWN = ['ingest', 'recommend', 'train-sebeer', 'train-gowalla'];
const BIG = '10,000 members × 100,000 posts, 2,000 requests; digests for 100,000 members';
const SMALL = '500 members × 3,000 posts, 200 requests; digests for 1,000 members';

const figureRows = (rows: SummaryRow[]) => rows.filter((r): r is FigureRow => r.kind === 'figure');
const find = (rows: SummaryRow[], benchmark: string, preset: string, name: string) =>
  figureRows(rows).find((r) => r.benchmark === benchmark && r.run.preset === preset && r.figure.name === name);

describe('benchmark summary', () => {
  const { runs, problems } = readRuns(fixtures);
  const rows = summarize(runs, KNOWN);

  it('GIVEN a results folder with one unreadable line and one invalid run THEN both are reported and every valid run is read', () => {
    expect(runs.map((r) => `${r.benchmark} ${r.at}`)).toEqual([
      'recommend 2026-11-27T10:00:00.000Z',
      'recommend 2026-11-28T10:00:00.000Z',
      'recommend 2026-11-29T02:00:00.000Z',
      'train-gowalla 2026-11-28T20:00:00.000Z',
      'train-sebeer 2026-11-28T12:00:00.000Z',
    ]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^train-gowalla\.jsonl:2: .*at/);
    expect(problems[1]).toBe('train-gowalla.jsonl:3: not JSON');
  });

  it('GIVEN two runs of the same preset THEN the latest value of each figure wins, and a figure only the older run has still shows', () => {
    expect(find(rows, 'recommend', BIG, 'recommend p99')?.figure.value).toBe(7.44);
    expect(find(rows, 'recommend', BIG, 'recommend p99')?.run.at).toBe('2026-11-28T10:00:00.000Z');
    expect(find(rows, 'recommend', BIG, 'digest compose')?.figure.value).toBe(64.5);
    expect(find(rows, 'recommend', BIG, 'recommend retired figure')?.run.at).toBe('2026-11-27T10:00:00.000Z');
    expect(figureRows(rows).filter((r) => r.benchmark === 'recommend' && r.run.preset === BIG && r.figure.name === 'recommend p99')).toHaveLength(1);
  });

  it('GIVEN a newer run at another size THEN it gets its own rows, listed first, and does not replace the figures of the first size', () => {
    const recommend = figureRows(rows).filter((r) => r.benchmark === 'recommend');
    expect(recommend.map((r) => `${r.run.preset === SMALL ? 'small' : 'big'} ${r.figure.name}`)).toEqual([
      'small recommend p99',
      // The latest run's figure order, then what only older runs recorded.
      'big recommend p50',
      'big recommend p99',
      'big digest compose',
      'big recommend retired figure',
    ]);
    expect(find(rows, 'recommend', SMALL, 'recommend p99')?.figure.value).toBe(1.5);
  });

  it('GIVEN goals THEN each is judged from the value: within, over, at a strict bound, a hand-edited "met", and a value never reached', () => {
    expect(find(rows, 'recommend', BIG, 'recommend p99')?.met).toBe(true);
    expect(find(rows, 'recommend', BIG, 'digest compose')?.met).toBe(false);
    expect(find(rows, 'recommend', BIG, 'recommend p50')?.met).toBeNull();
    const gowalla = 'full (29858 test users), seed 2026';
    expect(find(rows, 'train-gowalla', gowalla, 'recall@20')?.met).toBe(true);
    // The line says met: true, but 0.1540 is below 0.1547.
    expect(find(rows, 'train-gowalla', gowalla, 'NDCG@20')?.met).toBe(false);
    expect(find(rows, 'train-sebeer', '8 cuts, window 7d, horizon 14d, K 10', "attune NDCG@10 minus the best baseline's")?.met).toBe(false);
    expect(summaryCounts(rows)).toEqual({ met: 3, missed: 3, notRun: 1 });
  });

  it('GIVEN goal bounds THEN ≤ and ≥ include the bound, < and > exclude it, and no value never meets a goal', () => {
    expect([meetsGoal({ op: '<=', value: 50 }, 50), meetsGoal({ op: '<=', value: 50 }, 50.01)]).toEqual([true, false]);
    expect([meetsGoal({ op: '>=', value: 0.1824 }, 0.1824), meetsGoal({ op: '>=', value: 0.1824 }, 0.1823)]).toEqual([true, false]);
    expect([meetsGoal({ op: '<', value: 1 }, 1), meetsGoal({ op: '>', value: 0 }, 0), meetsGoal({ op: '>', value: 0 }, 0.001)]).toEqual([false, false, true]);
    expect(meetsGoal({ op: '<=', value: 1 }, null)).toBe(false);
  });

  it('GIVEN known benchmarks without results THEN each is one "not run" row, in the known order', () => {
    expect(rows.filter((r) => r.kind === 'not run').map((r) => r.benchmark)).toEqual(['ingest']);
    expect([...new Set(rows.map((r) => r.benchmark))]).toEqual(['ingest', 'recommend', 'train-sebeer', 'train-gowalla']);
  });

  it('GIVEN results of a benchmark the list does not know THEN they show after the known ones', () => {
    const extra = summarize(runs, ['train-gowalla']);
    expect([...new Set(extra.map((r) => r.benchmark))]).toEqual(['train-gowalla', 'recommend', 'train-sebeer']);
  });

  it('GIVEN the rows THEN each benchmark and preset has a heading with its run, then value with unit, goal and ✓/✗ per figure, and "not run"', () => {
    const lines = formatSummary(rows).split('\n');
    expect(lines[0]).toMatch(/^benchmark \/ figure +value +goal +met$/);
    expect(lines).toContain('ingest — not run');
    const heading = lines.findIndex((l) => l.startsWith(`recommend — synthetic: ${BIG}`));
    expect(lines[heading]).toBe(`recommend — synthetic: ${BIG} · 2026-11-28 10:00 UTC · no backend · 2 cores, Node v20.20.2, load 4.7`);
    expect(lines[heading + 2]).toMatch(/^  recommend p99 +7\.44 ms +≤ 50 ms +✓$/);
    expect(lines[heading + 3]).toMatch(/^  digest compose +64\.5 s +≤ 60 s +✗$/);
    // A figure from an earlier run than the heading's says so.
    expect(lines[heading + 4]).toMatch(/^  recommend retired figure +3 ms +\(2026-11-27 10:00 run\)$/);
    expect(lines.find((l) => l.includes('time to recall@20 0.17'))).toMatch(/ not reached$/);
    expect(lines.find((l) => l.includes(' wall '))).toMatch(/2,400 s +≤ 3,600 s +✓$/);
    expect(lines.find((l) => l.startsWith('train-gowalla —'))).toMatch(/ · wasm · /);
    expect(lines.filter((l) => l.startsWith('recommend —'))).toHaveLength(2);
  });

  it('GIVEN one run per data set at the same preset THEN each data set keeps its own rows and heading', () => {
    const machine = { cores: 2, cpu: 'cpu', node: 'v20', platform: 'linux x64', memoryGiB: 8, load1: 1 };
    const preset = '6 cuts, window 1d, horizon 2d, K 10';
    const run = (dataset: string, ndcg: number) =>
      toRun('quality', { dataset, preset, backend: 'wasm', figures: [figure('popularity NDCG@10', ndcg, '')] }, new Date('2026-12-01T00:00:00Z'), machine);
    const quality = figureRows(summarize([run('se-beer', 0.1), run('discord-forum-threads', 0.2)], ['quality']));
    expect(quality.map((r) => `${r.run.dataset} ${r.figure.value}`).sort()).toEqual(['discord-forum-threads 0.2', 'se-beer 0.1']);
    expect(formatSummary(quality).split('\n').filter((l) => l.startsWith('quality — '))).toHaveLength(2);
  });
});

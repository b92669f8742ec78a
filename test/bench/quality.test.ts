/**
 * The quality benchmark end to end on small sets (baselines only, so it runs in seconds): a generated server and
 * two real-shaped fixtures go through import and `attune eval`'s evaluation, one outcome per set.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { benchQuality, parseGenerated, qualityFigures } from '../../bench/quality.js';
import type { EvalReport, MethodResult } from '../../src/model/eval/types.js';
import { baselineMethods } from '../../src/model/methods.js';
import type { RankingMethod } from '../../src/model/ranker.js';

const fixtures = join(import.meta.dirname, '../fixtures');

describe('npm run bench -- quality', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'attune-quality-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('GIVEN a generated server, a Discord archive and a CSV export THEN one outcome per set: every method’s figures, or why there are none', async () => {
    // A folder holding one DCE CSV export (one channel, no reactions by member, no replies: nothing to evaluate).
    const csv = join(dir, 'csv-export');
    cpSync(join(fixtures, 'import/Fixture Guild - Text Channels - general [700000000000000001].csv'), join(csv, 'general.csv'), { recursive: true });
    const lines: string[] = [];
    const outcomes = await benchQuality({
      data: [csv, join(fixtures, 'discord-archive')],
      generated: parseGenerated('busy:3000'),
      cuts: 3,
      k: 10,
      seed: 7,
      methods: baselineMethods,
      log: (line) => lines.push(line),
    });
    expect(outcomes.map((o) => o.dataset)).toEqual(['csv-export', 'discord-archive', 'generated-busy-3k']);
    const [csvOutcome, archive, generated] = outcomes;
    expect(csvOutcome?.preset).toMatch(/^no cuts \(no targets because .*\); window 1d, horizon 2d, K 10$/);
    expect(csvOutcome?.figures.map((f) => f.name)).toEqual(['cuts']);
    // Two forum posts in four days: no week with enough posts.
    expect(archive?.preset).toMatch(/^no cuts \(no targets because /);
    expect(generated?.preset).toMatch(/^3 cuts spread over 2025-\d\d-\d\d – 2025-\d\d-\d\d, window 1d, horizon 2d, K 10$/);
    const names = generated?.figures.map((f) => f.name) ?? [];
    for (const method of baselineMethods()) {
      for (const metric of ['NDCG', 'recall', 'coverage']) expect(names).toContain(`${method.name} ${metric}@10`);
    }
    expect(names.filter((n) => n.startsWith('best simple ranking: '))).toHaveLength(1);
    expect(generated?.figures.find((f) => f.name === 'member-cuts with a target')?.value).toBeGreaterThan(0);
    // The method × set table is printed.
    expect(lines).toContain('NDCG@10 / recall@10 / coverage@10');
    expect(lines.find((l) => l.startsWith('channel-affinity '))).toMatch(/–\s+–\s+\d\.\d{3} \/ \d\.\d{3} \/ \d\.\d{3}/);
  }, 120_000);

  it('GIVEN a learned method that fails on a set THEN the baselines are still measured and the run says what failed', async () => {
    const failing: RankingMethod = {
      name: 'learned',
      train: async () => {
        throw new RangeError('out of memory');
      },
      bind: () => {
        throw new Error('never bound');
      },
    };
    const [outcome] = await benchQuality({
      data: [],
      generated: parseGenerated('busy:3000'),
      cuts: 2,
      k: 10,
      seed: 7,
      methods: () => [failing, ...baselineMethods()],
      log: () => {},
    });
    expect(outcome?.preset).toMatch(/; learned failed: RangeError: out of memory$/);
    expect(outcome?.figures.find((f) => f.name === 'popularity NDCG@10')?.value).toEqual(expect.any(Number));
    expect(outcome?.figures.some((f) => f.name.startsWith('learned '))).toBe(false);
  }, 120_000);

  it('GIVEN a report THEN the learned model is divided by the best baseline, and the best simple ranking leaves BPR-MF out', () => {
    const method = (name: string, ndcg: number): MethodResult => ({ name, ndcg, recall: ndcg, coverage: 0.5, membersEvaluated: 10, trainMs: 0, cuts: [] });
    const report: EvalReport = {
      guildId: '1',
      protocol: { cuts: [0], windowMs: 1, horizonMs: 1, k: 10 },
      cuts: [{ at: 0, candidates: 5, members: 5, membersWithTarget: 4, targetPairs: 6, snapshotMs: 1 }],
      methods: [method('attune', 0.1), method('bpr-mf', 0.25), method('channel-affinity', 0.2), method('popularity', 0.05)],
    };
    const figures = Object.fromEntries(qualityFigures(report, 10).map((f) => [f.name, f]));
    expect(figures["attune NDCG@10 / best baseline's (bpr-mf)"]).toMatchObject({ value: 0.4, goal: { op: '>', value: 1 }, met: false });
    expect(figures['best simple ranking: channel-affinity NDCG@10']?.value).toBe(0.2);
    expect(figures['member-cuts with a target']?.value).toBe(4);
  });

  it('GIVEN --generated THEN shape:size pairs or none; anything else is refused', () => {
    expect(parseGenerated('busy:100000,forum:300000')).toEqual([{ shape: 'busy', messages: 100_000 }, { shape: 'forum', messages: 300_000 }]);
    expect(parseGenerated('none')).toEqual([]);
    expect(() => parseGenerated('chat:10')).toThrow(/--generated takes shape:messages pairs/);
  });
});

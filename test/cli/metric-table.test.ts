/**
 * `attune train` and `attune eval` print the same holdout table: same columns, same headers, same number formats.
 */
import { describe, expect, it } from 'vitest';
import { formatReport } from '../../src/app/cli/eval-command.js';
import { describeRun } from '../../src/app/cli/train-command.js';

const CUT = Date.parse('2026-03-01T00:00:00Z');
const figures = {
  popularity: { recall: 0.25, ndcg: 0.125, coverage: 0.5, membersEvaluated: 12, trainMs: 0 },
  'bpr-mf': { recall: 0.5, ndcg: 0.3125, coverage: 0.75, membersEvaluated: 12, trainMs: 1500 },
};

describe('holdout tables of train and eval', () => {
  it('GIVEN the same figures from a training run and from eval THEN both print the same header and the same rows', () => {
    const train = describeRun({
      guildId: '1',
      runId: 7,
      status: 'succeeded',
      candidate: 'bpr-mf',
      backend: 'wasm',
      durationMs: 2000,
      metrics: { k: 10, cuts: [CUT], methods: figures },
      decision: { serving: 'popularity', promoted: false, bestBaseline: 'popularity', reason: 'test' },
    });
    const evalTable = formatReport({
      guildId: '1',
      protocol: { cuts: [CUT], windowMs: 86_400_000, horizonMs: 172_800_000, k: 10 },
      cuts: [{ at: CUT, candidates: 40, members: 20, membersWithTarget: 12, targetPairs: 30, snapshotMs: 5 }],
      methods: Object.entries(figures).map(([name, m]) => ({ name, ...m, cuts: [] })),
    });
    const tableOf = (text: string) => {
      // Train marks the serving method with " *"; the rule under the header is as wide as the widest cell.
      const lines = text.split('\n').map((l) => l.trim());
      const start = lines.findIndex((l) => l.startsWith('method'));
      return [lines[start], ...lines.slice(start + 2, start + 4)].map((l) => (l ?? '').split(/\s+/).filter((cell) => cell !== '*'));
    };
    expect(tableOf(train)[0]).toEqual(['method', 'recall@10', 'NDCG@10', 'coverage@10', 'member-cuts', 'train', 's']);
    expect(tableOf(evalTable)).toEqual(tableOf(train));
    expect(tableOf(train)[1]).toEqual(['bpr-mf', '0.5000', '0.3125', '0.7500', '12', '1.5']);
  });
});

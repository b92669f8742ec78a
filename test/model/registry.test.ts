import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/graph/build-snapshot.js';
import { baselineMethods } from '../../src/model/methods.js';
import { decodeParams } from '../../src/model/params-codec.js';
import type { RankingMethod } from '../../src/model/ranker.js';
import { completeRun, listRuns, markInterruptedRuns, servingChoice, startRun } from '../../src/model/registry.js';
import { loadServingRanker } from '../../src/model/serving.js';
import type { TrainingEvent } from '../../src/model/training/training-events.js';
import { runTraining } from '../../src/model/training/run-training.js';
import { brokenMethod, contrarianMethod, oracleMethod, type FixtureParams } from '../fixtures/training/oracle-methods.js';
import { quickGraphFilter } from '../fixtures/training/quick-methods.js';
import { importCommunity } from '../helpers/community-db.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-10-20T12:00:00Z');
const BASELINES = baselineMethods().map((m) => m.name);

let db: TempDb;
let guildId: string;
beforeEach(() => {
  db = createTempDb();
  ({ guildId } = importCommunity(db, db.dir, { start: NOW - 10 * DAY }));
});
afterEach(() => db.dispose());

async function train(methods: RankingMethod[], events: TrainingEvent[] = [], guildIds = [guildId]) {
  return runTraining(
    db.sqlite,
    { trigger: 'manual', guildIds, now: NOW },
    { methods, baselines: BASELINES, backend: 'cpu', signal: new AbortController().signal, onEvent: (e) => events.push(e) },
  );
}

describe('training run → registry → serving', () => {
  it('GIVEN a guild that never trained THEN popularity serves, fitted on the snapshot', async () => {
    expect(servingChoice(db.sqlite, guildId)).toEqual({ method: 'popularity', source: 'default', runId: null, trainedAt: null });
    const { ranker, choice } = await loadServingRanker(db.sqlite, guildId, buildSnapshot(db.sqlite, guildId, NOW), baselineMethods());
    expect(ranker.name).toBe('popularity');
    expect(choice.source).toBe('default');
  });

  it('GIVEN a candidate that beats every baseline THEN the run row holds backend, duration, metrics and params, and it serves', async () => {
    const methods = [oracleMethod(db.sqlite), ...baselineMethods()];
    const events: TrainingEvent[] = [];
    const [result] = await train(methods, events);
    expect(result).toMatchObject({ status: 'succeeded', candidate: 'oracle', decision: { serving: 'oracle', promoted: true } });

    const [row] = listRuns(db.sqlite, guildId);
    expect(row).toMatchObject({ status: 'succeeded', trigger: 'manual', candidateMethod: 'oracle', servingMethod: 'oracle', promoted: true, backend: 'cpu', error: null });
    expect(row?.durationMs).toBeGreaterThan(0);
    expect(row?.finishedAt).toBeGreaterThanOrEqual(row?.startedAt ?? Infinity);
    expect(row?.hyperParams).toMatchObject({ now: NOW, k: 10, windowMs: DAY, horizonMs: 2 * DAY });
    const metrics = row?.metrics as { k: number; cuts: number[]; methods: Record<string, { recall: number; ndcg: number; coverage: number; membersEvaluated: number }> };
    expect(metrics.cuts.length).toBeGreaterThan(0);
    expect(Object.keys(metrics.methods).sort()).toEqual(['oracle', ...BASELINES].sort());
    for (const m of Object.values(metrics.methods)) {
      expect(m).toMatchObject({ recall: expect.any(Number), ndcg: expect.any(Number), coverage: expect.any(Number) });
      expect(m.membersEvaluated).toBeGreaterThanOrEqual(20);
    }
    expect(metrics.methods.oracle?.ndcg).toBeGreaterThan(Math.max(...BASELINES.map((b) => metrics.methods[b]?.ndcg ?? 1)));

    // The stored parameters are the oracle's fit on the snapshot at the run's "now", typed arrays intact.
    const params = decodeParams(row?.params as Buffer) as FixtureParams;
    const snapshot = buildSnapshot(db.sqlite, guildId, NOW);
    expect(params.trainedAt).toBe(NOW);
    expect(params.weights).toEqual(Float32Array.from(snapshot.posts.reactionCount));
    expect(row?.paramsBytes).toBe(row?.params?.length);

    expect(servingChoice(db.sqlite, guildId)).toMatchObject({ method: 'oracle', source: 'model', runId: row?.id });
    const { ranker } = await loadServingRanker(db.sqlite, guildId, snapshot, methods);
    expect(ranker.name).toBe('oracle');
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['guild-start', 'backend', 'step', 'guild-end']));
  });

  it('GIVEN a later run whose candidate loses THEN the best baseline of that run serves, not the earlier model', async () => {
    await train([oracleMethod(db.sqlite), ...baselineMethods()]);
    const [result] = await train([contrarianMethod(), ...baselineMethods()]);
    expect(result?.decision).toMatchObject({ promoted: false });
    const best = result?.decision?.bestBaseline as string;
    expect(BASELINES).toContain(best);
    expect(result?.decision?.serving).toBe(best);
    const metrics = result?.metrics?.methods ?? {};
    expect(metrics[best]?.ndcg).toBe(Math.max(...BASELINES.map((b) => metrics[b]?.ndcg ?? -1)));

    expect(servingChoice(db.sqlite, guildId)).toMatchObject({ method: best, source: 'baseline' });
    const { ranker } = await loadServingRanker(db.sqlite, guildId, buildSnapshot(db.sqlite, guildId, NOW), [contrarianMethod(), ...baselineMethods()]);
    expect(ranker.name).toBe(best);
    const rows = listRuns(db.sqlite, guildId);
    expect(rows.map((r) => [r.candidateMethod, r.promoted])).toEqual([
      ['contrarian', false],
      ['oracle', true],
    ]);
  });

  it('GIVEN a method that throws THEN the run is recorded as failed with its error, the call resolves, the next guild trains, and serving is unchanged', async () => {
    const other = importCommunity(db, db.dir, { guildId: '900000000000000002', idSpace: 8, seed: 9, start: NOW - 10 * DAY });
    const results = await train([brokenMethod(), ...baselineMethods()], [], [guildId, other.guildId]);
    expect(results.map((r) => r.status)).toEqual(['failed', 'failed']);
    const [row] = listRuns(db.sqlite, guildId);
    expect(row).toMatchObject({ status: 'failed', error: 'broken method: cannot train', servingMethod: null, params: null });
    expect(servingChoice(db.sqlite, guildId).source).toBe('default');
    const ok = await train([...baselineMethods()], [], [other.guildId]);
    expect(ok[0]?.status).toBe('succeeded');
  });

  it('GIVEN an aborted signal mid-run THEN the run is recorded as aborted', async () => {
    const controller = new AbortController();
    const stopping: RankingMethod = {
      name: 'stops-the-run',
      train: async (_snapshot, options) => {
        controller.abort(new Error('aborted: shutting down'));
        options.signal?.throwIfAborted();
        return {};
      },
      bind: () => ({ name: 'x', score: (_m, c) => new Float32Array(c.length), dispose() {} }),
    };
    const [result] = await runTraining(
      db.sqlite,
      { trigger: 'schedule', guildIds: [guildId], now: NOW },
      { methods: [stopping, ...baselineMethods()], baselines: BASELINES, backend: 'cpu', signal: controller.signal, onEvent: () => {} },
    );
    expect(result?.status).toBe('aborted');
    expect(listRuns(db.sqlite, guildId)[0]).toMatchObject({ status: 'aborted', error: 'aborted: shutting down', trigger: 'schedule' });
  });

  it('GIVEN a run stored before the rename, serving `attune` THEN the graph filter model binds its parameters and serves', async () => {
    const snapshot = buildSnapshot(db.sqlite, guildId, NOW);
    const params = await quickGraphFilter().train(snapshot, { seed: 3 });
    const id = startRun(db.sqlite, { guildId, trigger: 'schedule', candidateMethod: 'attune', startedAt: NOW - DAY, hyperParams: {} });
    completeRun(db.sqlite, id, {
      finishedAt: NOW - DAY + 1,
      durationMs: 1,
      backend: 'wasm',
      metrics: { k: 10, cuts: [], methods: {} },
      decision: { serving: 'attune', promoted: true, bestBaseline: 'popularity', reason: 'attune beats popularity' },
      params,
    });
    expect(listRuns(db.sqlite, guildId)[0]).toMatchObject({ servingMethod: 'attune' });
    expect(servingChoice(db.sqlite, guildId)).toMatchObject({ method: 'graph-filter', source: 'model', runId: id });
    const { ranker, choice } = await loadServingRanker(db.sqlite, guildId, snapshot);
    expect(choice.method).toBe('graph-filter');
    expect(ranker.name).toBe('graph-filter');
    const candidates = Int32Array.from(snapshot.posts.ids.keys()).slice(-20);
    const scores = ranker.score(0, candidates);
    expect(scores).toHaveLength(20);
    expect(new Set(scores).size).toBeGreaterThan(1);
    ranker.dispose();
  }, 60_000);

  it('GIVEN a run left running by a dead process THEN start-up marks it failed', () => {
    const id = startRun(db.sqlite, { guildId, trigger: 'schedule', candidateMethod: null, startedAt: NOW, hyperParams: {} });
    expect(markInterruptedRuns(db.sqlite, NOW + 1)).toBe(1);
    expect(listRuns(db.sqlite, guildId)[0]).toMatchObject({ id, status: 'failed', finishedAt: NOW + 1, error: expect.stringMatching(/interrupted/) });
  });
});

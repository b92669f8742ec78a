/**
 * Model quality per training run: the learned model's and the best baseline's holdout NDCG@K and recall@K, and
 * which of them served afterwards (src/model/promotion.ts decides; the registry records it in model_runs). Only
 * succeeded runs finished inside the range: failed runs carry no comparable figures.
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { statsQueries } from '../db/queries/stats.js';
import type { StatsRange } from './stats-range.js';

export interface TrainingRunQuality {
  runId: number;
  /** The moment the run describes (its `now`; for a scheduled run, about when it finished). */
  asOf: number;
  k: number;
  /** The learned method judged (null when only baselines ran). */
  candidate: string | null;
  modelNdcg: number | null;
  modelRecall: number | null;
  bestBaseline: string | null;
  baselineNdcg: number | null;
  baselineRecall: number | null;
  /** What served after the run. */
  serving: string | null;
  promoted: boolean;
}

/** The registry's metrics JSON (src/model/registry.ts completeRun); read defensively, it is stored free-form. */
const methodFigures = z.object({ ndcg: z.number(), recall: z.number() });
const runMetrics = z.object({
  k: z.number().int().positive(),
  methods: z.record(z.string(), z.unknown()),
  bestBaseline: z.string().nullable().optional(),
});

export function modelQualitySeries(sqlite: Database.Database, guildId: string, range: StatsRange): TrainingRunQuality[] {
  const rows = statsQueries(sqlite).succeededRuns({ guildId, start: range.start, end: range.end });
  return rows.flatMap((row) => {
    const parsed = runMetrics.safeParse(row.metrics);
    // A succeeded run has finished_at (set with the status), so it has a moment to chart (it is in the range).
    if (!parsed.success || row.asOf === null) return [];
    const { k, methods, bestBaseline = null } = parsed.data;
    const figures = (method: string | null) => (method === null ? null : (methodFigures.safeParse(methods[method]).data ?? null));
    const model = figures(row.candidate);
    const baseline = figures(bestBaseline);
    return [
      {
        runId: row.id,
        asOf: row.asOf,
        k,
        candidate: row.candidate,
        modelNdcg: model?.ndcg ?? null,
        modelRecall: model?.recall ?? null,
        bestBaseline,
        baselineNdcg: baseline?.ndcg ?? null,
        baselineRecall: baseline?.recall ?? null,
        serving: row.serving,
        promoted: row.promoted,
      },
    ];
  });
}

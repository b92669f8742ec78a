/**
 * A training run as the registry stored it (model_runs), read back into the shape `attune train` prints, so the
 * demo shows the table from the database rather than from the run's in-memory result.
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { ModelRun } from '../db/schema-model.js';
import { listRuns } from '../model/registry.js';
import type { GuildRunResult } from '../model/training/training-events.js';

const storedMetrics = z.object({
  k: z.number(),
  cuts: z.array(z.number()),
  methods: z.record(
    z.string(),
    z.object({ recall: z.number(), ndcg: z.number(), coverage: z.number(), membersEvaluated: z.number(), trainMs: z.number().optional() }),
  ),
  bestBaseline: z.string().nullable().optional(),
  reason: z.string().optional(),
});

/** The guild's newest run as a GuildRunResult (for describeRun), or null before any run. */
export function newestStoredRun(sqlite: Database.Database, guildId: string): GuildRunResult | null {
  const [run] = listRuns(sqlite, guildId, 1);
  return run ? storedRunResult(run) : null;
}

export function storedRunResult(run: ModelRun): GuildRunResult {
  const parsed = run.metrics === null ? null : storedMetrics.safeParse(run.metrics);
  const metrics = parsed?.success ? parsed.data : null;
  return {
    guildId: run.guildId,
    runId: run.id,
    status: run.status === 'running' ? 'failed' : run.status,
    candidate: run.candidateMethod,
    backend: run.backend,
    durationMs: run.durationMs ?? 0,
    ...(metrics ? { metrics: { k: metrics.k, cuts: metrics.cuts, methods: metrics.methods } } : {}),
    ...(metrics && run.servingMethod
      ? { decision: { serving: run.servingMethod, promoted: run.promoted, bestBaseline: metrics.bestBaseline ?? null, reason: metrics.reason ?? '' } }
      : {}),
    ...(run.paramsBytes === null ? {} : { paramsBytes: run.paramsBytes }),
    ...(run.error === null ? {} : { error: run.error }),
  };
}

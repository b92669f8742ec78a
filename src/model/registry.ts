/**
 * The model registry (table model_runs): every training run's outcome per guild, and the serving choice derived
 * from it. The newest *succeeded* run of a guild decides what serves: its promoted model, or the best baseline
 * when the model did not beat it (see promotion.ts). A guild that never trained gets popularity.
 * Binding the choice to a snapshot is serving.ts (it loads the ranking methods, and with them TensorFlow.js).
 */
import type Database from 'better-sqlite3';
import { and, desc, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { modelRuns, type ModelRun, type ModelRunTrigger } from '../db/schema-model.js';
import { encodeParams } from './params-codec.js';
import { FALLBACK_METHOD, type HoldoutMetrics, type PromotionDecision } from './promotion.js';

const registryDb = (sqlite: Database.Database) => drizzle(sqlite, { schema: { modelRuns } });

/**
 * Names stored runs may use for a method that has since been renamed, and what it is called now. `attune` was
 * the project's name and its graph filter model's: runs stored before the signal ranker keep it. They are read
 * through this alias rather than rewritten by a migration: model_runs is a record of what happened (its reasons
 * and parameters name the old id too), an older build reading the same database still understands its rows, and
 * the rename needs no migration ordered against other branches'. What serves (servingChoice, serving.ts) reads
 * stored names through `currentMethodName`; history views show a run under the name it was stored with.
 */
export const RENAMED_METHODS: Readonly<Record<string, string>> = { attune: 'graph-filter' };

export function currentMethodName(name: string): string {
  return Object.hasOwn(RENAMED_METHODS, name) ? (RENAMED_METHODS[name] as string) : name;
}

export interface RunStart {
  guildId: string;
  trigger: ModelRunTrigger;
  candidateMethod: string | null;
  startedAt: number;
  hyperParams: Record<string, unknown>;
}

/** Inserts the run as `running`, so a run cut short by a crash still leaves a trace. Returns its id. */
export function startRun(sqlite: Database.Database, run: RunStart): number {
  const row = registryDb(sqlite)
    .insert(modelRuns)
    .values({ ...run, status: 'running' })
    .returning({ id: modelRuns.id })
    .get();
  return row.id;
}

export interface RunSuccess {
  finishedAt: number;
  durationMs: number;
  backend: string;
  metrics: HoldoutMetrics;
  decision: PromotionDecision;
  /** The serving method's parameters trained at the run's time. */
  params: unknown;
}

/**
 * Refused when the run is no longer `running`: an erasure cancels runs in flight, whose snapshot may hold the
 * erased member (src/privacy/personal-data-model.ts), and their parameters must never be stored.
 */
export class RunNoLongerRunningError extends Error {
  constructor(id: number) {
    super(`run ${id} was cancelled while training (a member in its data was erased); its parameters are not stored`);
    this.name = 'RunNoLongerRunningError';
  }
}

/** Records a succeeded run with its encoded parameters; returns the parameters' size in bytes. */
export function completeRun(sqlite: Database.Database, id: number, outcome: RunSuccess): number {
  const params = encodeParams(outcome.params);
  const { changes } = registryDb(sqlite)
    .update(modelRuns)
    .set({
      status: 'succeeded',
      finishedAt: outcome.finishedAt,
      durationMs: Math.round(outcome.durationMs),
      backend: outcome.backend,
      metrics: { ...outcome.metrics, bestBaseline: outcome.decision.bestBaseline, reason: outcome.decision.reason },
      servingMethod: outcome.decision.serving,
      promoted: outcome.decision.promoted,
      params,
      paramsBytes: params.length,
      error: null,
    })
    .where(and(eq(modelRuns.id, id), eq(modelRuns.status, 'running')))
    .run();
  if (changes === 0) throw new RunNoLongerRunningError(id);
  return params.length;
}

export interface RunEnd {
  status: 'failed' | 'aborted';
  finishedAt: number;
  durationMs: number;
  backend: string | null;
  error: string;
  /** Figures gathered before the failure, when evaluation got that far. */
  metrics?: HoldoutMetrics;
}

export function endRun(sqlite: Database.Database, id: number, outcome: RunEnd): void {
  registryDb(sqlite)
    .update(modelRuns)
    .set({
      status: outcome.status,
      finishedAt: outcome.finishedAt,
      durationMs: Math.round(outcome.durationMs),
      backend: outcome.backend,
      error: outcome.error,
      ...(outcome.metrics ? { metrics: { ...outcome.metrics } } : {}),
    })
    .where(eq(modelRuns.id, id))
    .run();
}

/**
 * Runs left `running` by a process that died mid-run are marked failed at start-up, so the history never shows
 * a run as in progress forever. Returns how many were marked.
 */
export function markInterruptedRuns(sqlite: Database.Database, now: number): number {
  return registryDb(sqlite)
    .update(modelRuns)
    .set({ status: 'failed', finishedAt: now, error: 'interrupted: the process stopped during the run' })
    .where(eq(modelRuns.status, 'running'))
    .run().changes;
}

/** A guild's runs, newest first. */
export function listRuns(sqlite: Database.Database, guildId: string, limit = 20): ModelRun[] {
  return registryDb(sqlite)
    .select()
    .from(modelRuns)
    .where(eq(modelRuns.guildId, guildId))
    .orderBy(desc(modelRuns.startedAt), desc(modelRuns.id))
    .limit(limit)
    .all();
}

export interface ServingChoice {
  method: string;
  /** `model`: a promoted learned method; `baseline`: the best baseline of the last run; `default`: never trained. */
  source: 'model' | 'baseline' | 'default';
  runId: number | null;
  /** When the serving parameters were trained (the run's finish time). */
  trainedAt: number | null;
}

/** What serves this guild now, from its newest succeeded run. */
export function servingChoice(sqlite: Database.Database, guildId: string): ServingChoice {
  const run = newestSucceededRun(sqlite, guildId);
  // A run whose parameters were erased (they held a member who asked to be erased) serves nothing until the next
  // run replaces it: the same fallback as a guild that never trained.
  if (!run?.servingMethod || run.params === null) return { method: FALLBACK_METHOD, source: 'default', runId: null, trainedAt: null };
  return { method: currentMethodName(run.servingMethod), source: run.promoted ? 'model' : 'baseline', runId: run.id, trainedAt: run.finishedAt };
}

export function newestSucceededRun(sqlite: Database.Database, guildId: string): ModelRun | undefined {
  return registryDb(sqlite)
    .select()
    .from(modelRuns)
    .where(and(eq(modelRuns.guildId, guildId), eq(modelRuns.status, 'succeeded')))
    .orderBy(desc(modelRuns.startedAt), desc(modelRuns.id))
    .limit(1)
    .get();
}

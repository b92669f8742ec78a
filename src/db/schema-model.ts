/**
 * The model registry: one row per guild per training run, whatever its outcome. Serving reads the newest
 * succeeded row of a guild; the rest is the history an admin (or a benchmark) reads to see how a guild's model
 * fared against the baselines over time.
 */
import { blob, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { guildIdColumn } from './schema-activity.js';
import { autoIdColumn } from './columns.js';

export const MODEL_RUN_STATUSES = ['running', 'succeeded', 'failed', 'aborted'] as const;
export type ModelRunStatus = (typeof MODEL_RUN_STATUSES)[number];

/** What started a run: the schedule (TRAINING_CRON), `attune train`, or code calling the service directly. */
export const MODEL_RUN_TRIGGERS = ['schedule', 'cli', 'manual'] as const;
export type ModelRunTrigger = (typeof MODEL_RUN_TRIGGERS)[number];

export const modelRuns = sqliteTable(
  'model_runs',
  {
    id: autoIdColumn(),
    guildId: guildIdColumn(),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
    status: text('status', { enum: MODEL_RUN_STATUSES }).notNull(),
    trigger: text('trigger', { enum: MODEL_RUN_TRIGGERS }).notNull(),
    /** The learned method this run set out to train and judge (e.g. `attune`); null when only baselines exist. */
    candidateMethod: text('candidate_method'),
    /** The method that serves after this run: the candidate when promoted, otherwise the best baseline. */
    servingMethod: text('serving_method'),
    /** Whether the candidate beat the best baseline on this run's holdout (the promotion rule). */
    promoted: integer('promoted', { mode: 'boolean' }).notNull().default(false),
    /** The TensorFlow.js backend the run used (`wasm`, `node-gpu`, …). */
    backend: text('backend'),
    durationMs: integer('duration_ms'),
    /** JSON: training options and hyper-parameters (seed, cut protocol, K, …). */
    hyperParams: text('hyper_params', { mode: 'json' }).$type<Record<string, unknown>>(),
    /** The serving method's learned parameters, trained at the run's time, in the params codec's binary format. */
    params: blob('params', { mode: 'buffer' }),
    paramsBytes: integer('params_bytes'),
    /** JSON: per method, holdout recall@K, NDCG@K, coverage and members evaluated (see src/model/registry.ts). */
    metrics: text('metrics', { mode: 'json' }).$type<Record<string, unknown>>(),
    error: text('error'),
  },
  (t) => [index('model_runs_guild_started_idx').on(t.guildId, t.startedAt)],
);

export type ModelRun = typeof modelRuns.$inferSelect;

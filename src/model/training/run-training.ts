/**
 * One training run, guild by guild: evaluate every method (the learned candidate and every baseline) on cuts
 * before "now", apply the promotion rule, train the winner on the snapshot at "now" and record it all in the
 * registry. Runs wherever it is called — the bot and `attune train` call it on a worker thread (training-worker.ts);
 * tests call it in-process. A guild's failure is recorded as a failed run and the next guild still trains.
 */
import type Database from 'better-sqlite3';
import { buildSnapshot } from '../../graph/build-snapshot.js';
import { silentLogger } from '../../ops/log.js';
import type { ModelRunTrigger } from '../../db/schema-model.js';
import { selectBackend, tf, type BackendRequest } from '../backend.js';
import { chooseCuts } from '../eval/cuts.js';
import { evaluateMethods, type EvalProtocol, type EvalReport } from '../eval/protocol.js';
import { DEFAULT_PROMOTION_POLICY, decidePromotion, type HoldoutMetrics, type PromotionPolicy } from '../promotion.js';
import type { RankingMethod, TrainProgress } from '../ranker.js';
import { completeRun, endRun, startRun } from '../registry.js';
import type { GuildRunResult, TrainingEvent } from './training-events.js';

const HOUR = 3_600_000;

export interface TrainingRequest {
  trigger: ModelRunTrigger;
  /** Default: every guild the bot is still in. */
  guildIds?: string[];
  /** The run's "now" (epoch ms): cuts lie before it and the serving model trains on the snapshot at it. */
  now?: number;
  seed?: number;
  /** Evaluation protocol (defaults mirror the digest: a day of candidates, two days to engage, top 10). */
  windowMs?: number;
  horizonMs?: number;
  k?: number;
  /** How many cuts to average over (the cut chooser may find fewer in a young guild). */
  cuts?: number;
}

export const DEFAULT_TRAINING_PROTOCOL = { windowMs: 24 * HOUR, horizonMs: 48 * HOUR, k: 10, cuts: 3 } as const;

export interface TrainingEnvironment {
  /** Every method to evaluate; the first that is not a baseline is the candidate. */
  methods: readonly RankingMethod[];
  baselines: readonly string[];
  backend: BackendRequest;
  signal: AbortSignal;
  onEvent: (event: TrainingEvent) => void;
  policy?: PromotionPolicy;
  /** Progress events from a method's training are forwarded at most this often (default 1 s). */
  progressIntervalMs?: number;
}

/** Guilds the bot is in (an import-only guild counts: it has never left). */
export function trainableGuilds(sqlite: Database.Database): string[] {
  return (sqlite.prepare(`SELECT id FROM guilds WHERE left_at IS NULL ORDER BY id`).raw(true).all() as [string][]).map(([id]) => id);
}

export async function runTraining(
  sqlite: Database.Database,
  request: TrainingRequest,
  env: TrainingEnvironment,
): Promise<GuildRunResult[]> {
  const guildIds = request.guildIds ?? trainableGuilds(sqlite);
  const results: GuildRunResult[] = [];
  for (const guildId of guildIds) {
    if (env.signal.aborted) break;
    results.push(await runGuild(sqlite, guildId, request, env));
  }
  return results;
}

async function runGuild(
  sqlite: Database.Database,
  guildId: string,
  request: TrainingRequest,
  env: TrainingEnvironment,
): Promise<GuildRunResult> {
  const now = request.now ?? Date.now();
  const seed = request.seed ?? 1;
  const candidate = env.methods.find((m) => !env.baselines.includes(m.name))?.name ?? null;
  const policy = env.policy ?? DEFAULT_PROMOTION_POLICY;
  const settings = {
    windowMs: request.windowMs ?? DEFAULT_TRAINING_PROTOCOL.windowMs,
    horizonMs: request.horizonMs ?? DEFAULT_TRAINING_PROTOCOL.horizonMs,
    k: request.k ?? DEFAULT_TRAINING_PROTOCOL.k,
    cuts: request.cuts ?? DEFAULT_TRAINING_PROTOCOL.cuts,
  };
  const startedAt = Date.now();
  const started = performance.now();
  const runId = startRun(sqlite, {
    guildId,
    trigger: request.trigger,
    candidateMethod: candidate,
    startedAt,
    hyperParams: { now, seed, ...settings, policy, methods: env.methods.map((m) => m.name) },
  });
  env.onEvent({ type: 'guild-start', guildId, runId, candidate });
  let backend: string | null = null;
  let metrics: HoldoutMetrics | undefined;
  let tensorsBefore: number | null = null;
  try {
    const selected = await selectBackend(env.backend, silentLogger);
    backend = selected.choice;
    env.onEvent({ type: 'backend', backend: selected.choice, tfBackend: selected.tfBackend, skipped: selected.skipped });
    // Everything a method allocates during the run is released at its end, even by a method that forgets to.
    tensorsBefore = tf.memory().numTensors;
    tf.engine().startScope();

    const protocol: EvalProtocol = {
      cuts: chooseCuts(sqlite, guildId, { now, count: settings.cuts, windowMs: settings.windowMs, horizonMs: settings.horizonMs }),
      windowMs: settings.windowMs,
      horizonMs: settings.horizonMs,
      k: settings.k,
    };
    env.onEvent({ type: 'step', guildId, step: 'evaluate', detail: `${protocol.cuts.length} cuts, ${env.methods.length} methods` });
    const interval = env.progressIntervalMs ?? 1000;
    const evaluated = env.methods.map((m) =>
      reportingProgress(m, throttled(interval, (progress) => env.onEvent({ type: 'step', guildId, step: 'evaluate', method: m.name, progress }))),
    );
    const report = await evaluateMethods(sqlite, guildId, evaluated, protocol, {
      seed,
      signal: env.signal,
      log: (message) => env.onEvent({ type: 'step', guildId, step: 'evaluate', detail: message }),
    });
    metrics = holdoutMetrics(report);
    const decision = decidePromotion(candidate, metrics, env.baselines, policy);

    env.onEvent({ type: 'step', guildId, step: 'snapshot', detail: `serving ${decision.serving}: ${decision.reason}` });
    const snapshot = buildSnapshot(sqlite, guildId, now);
    const method = env.methods.find((m) => m.name === decision.serving);
    if (!method) throw new Error(`method ${decision.serving} is not available`);
    env.signal.throwIfAborted();
    const params = await method.train(snapshot, {
      seed,
      protocol: { windowMs: settings.windowMs, horizonMs: settings.horizonMs },
      signal: env.signal,
      onProgress: throttled(interval, (progress) =>
        env.onEvent({ type: 'step', guildId, step: 'train', method: method.name, progress }),
      ),
    });
    const durationMs = performance.now() - started;
    const paramsBytes = completeRun(sqlite, runId, { finishedAt: Date.now(), durationMs, backend, metrics, decision, params });
    return finish(env, { guildId, runId, status: 'succeeded', candidate, backend, durationMs, metrics, decision, paramsBytes });
  } catch (error) {
    const status = env.signal.aborted ? 'aborted' : 'failed';
    const message = env.signal.aborted ? abortReason(env.signal) : error instanceof Error ? error.message : String(error);
    const durationMs = performance.now() - started;
    endRun(sqlite, runId, { status, finishedAt: Date.now(), durationMs, backend, error: message, ...(metrics ? { metrics } : {}) });
    return finish(env, { guildId, runId, status, candidate, backend, durationMs, error: message, ...(metrics ? { metrics } : {}) });
  } finally {
    if (tensorsBefore !== null) {
      // Nothing of a run should outlive it (parameters are plain arrays): what is still allocated here leaked.
      const leaked = tf.memory().numTensors - tensorsBefore;
      tf.engine().endScope();
      if (leaked > 0) env.onEvent({ type: 'step', guildId, step: 'train', detail: `${leaked} tensors still allocated after the run (released)` });
    }
  }
}

function finish(env: TrainingEnvironment, result: GuildRunResult): GuildRunResult {
  env.onEvent({ type: 'guild-end', result });
  return result;
}

/** The registry's view of an evaluation report: per method, the figures the promotion rule and the table need. */
export function holdoutMetrics(report: EvalReport): HoldoutMetrics {
  return {
    k: report.protocol.k,
    cuts: report.protocol.cuts,
    methods: Object.fromEntries(
      report.methods.map((m) => [
        m.name,
        { recall: m.recall, ndcg: m.ndcg, coverage: m.coverage, membersEvaluated: m.membersEvaluated, trainMs: Math.round(m.trainMs) },
      ]),
    ),
  };
}

function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : 'aborted';
}

/** The same method, with its training progress also reported (evaluation trains every method on every cut). */
function reportingProgress<P>(method: RankingMethod<P>, report: (progress: TrainProgress) => void): RankingMethod<P> {
  return {
    name: method.name,
    train: (snapshot, options) =>
      method.train(snapshot, {
        ...options,
        onProgress: (progress) => {
          options.onProgress?.(progress);
          report(progress);
        },
      }),
    bind: (params, snapshot) => method.bind(params, snapshot),
  };
}

/** Calls `fn` at most once per interval, and always for the last step, so logs show progress without flooding. */
function throttled(intervalMs: number, fn: (progress: TrainProgress) => void): (progress: TrainProgress) => void {
  let last = -Infinity;
  return (progress) => {
    const now = performance.now();
    if (now - last < intervalMs && progress.step < progress.totalSteps) return;
    last = now;
    fn(progress);
  };
}

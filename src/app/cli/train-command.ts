/**
 * `attune train [--guild <id>] [--at <ISO>]`: one training run, on a worker thread like the bot's nightly run, then
 * the holdout table (the candidate and every baseline) and what serves each guild. `--at` runs it as of that time
 * (an imported history: the holdout's cuts lie before it and the serving model trains on the snapshot at it);
 * without it, now. The holdout's cuts are placed within the guild's recorded history either way; a holdout that
 * evaluated nothing says why. Ctrl-C aborts the run, which is recorded as aborted.
 */
import type { LevelWithSilent } from 'pino';
import { openDatabase } from '../../db/connection.js';
import { runMigrations } from '../../db/migrate.js';
import { createProcessLogger, type LogFormat } from '../../ops/log.js';
import type { BackendRequest } from '../../model/backend.js';
import { explainEmptyHoldout } from '../../model/eval/holdout-explanation.js';
import { isoTimeSchema } from './eval-times.js';
import { formatMetricTable } from './metric-table.js';
import type { GuildRunResult } from '../../model/training/training-events.js';
import { DEFAULT_TRAINING_PROTOCOL, trainableGuilds } from '../../model/training/run-training.js';
import { TrainingService } from '../../model/training/training-service.js';

export interface TrainCommandOptions {
  databasePath: string;
  backend: BackendRequest;
  logLevel: LevelWithSilent;
  /** LOG_FORMAT; unset: pretty when stderr is a terminal, JSON otherwise. */
  logFormat?: LogFormat | undefined;
  guildId?: string | undefined;
  /** The run's "now" (epoch ms); default: the wall clock. */
  at?: number | undefined;
  /** Tests train fixture methods; default src/model/methods. */
  methodsModule?: URL;
  print?: (line: string) => void;
}

export async function runTrain(options: TrainCommandOptions): Promise<number> {
  const print = options.print ?? ((line: string) => console.log(line));
  const handle = openDatabase(options.databasePath);
  let guildIds: string[];
  try {
    runMigrations(handle.db);
    const known = trainableGuilds(handle.sqlite);
    if (options.guildId !== undefined && !known.includes(options.guildId)) {
      throw new TrainCommandError(`no guild ${options.guildId} in ${options.databasePath} (known: ${known.join(', ') || 'none'})`);
    }
    guildIds = options.guildId === undefined ? known : [options.guildId];
  } finally {
    handle.close();
  }
  if (guildIds.length === 0) {
    print(`attune: nothing to train: ${options.databasePath} has no guilds (record or import some activity first)`);
    return 0;
  }
  // stdout is the table; progress goes to stderr, readable lines on a terminal (JSON when stderr is a pipe or file),
  // so the table is never interleaved with JSON objects.
  const log = createProcessLogger({ level: options.logLevel, format: options.logFormat, fd: 2 });
  const service = new TrainingService({
    databasePath: options.databasePath,
    backend: options.backend,
    log,
    ...(options.methodsModule ? { methodsModule: options.methodsModule } : {}),
  });
  const onSignal = () => void service.abort('aborted: interrupted (Ctrl-C)');
  process.once('SIGINT', onSignal);
  const now = options.at ?? Date.now();
  try {
    const { results } = await service.run({ trigger: 'cli', guildIds, now });
    for (const result of results) print(describeRun(result, whyNothingEvaluated(options.databasePath, result, now)));
    return results.every((r) => r.status === 'succeeded') && results.length === guildIds.length ? 0 : 1;
  } finally {
    process.off('SIGINT', onSignal);
  }
}

export class TrainCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainCommandError';
  }
}

/** For a run whose holdout evaluated nothing: why, one line per cause (read after the run, from the database). */
function whyNothingEvaluated(databasePath: string, result: GuildRunResult, now: number): string[] {
  const metrics = result.metrics;
  if (!metrics || Object.values(metrics.methods).some((m) => m.membersEvaluated > 0)) return [];
  const handle = openDatabase(databasePath);
  try {
    const { windowMs, horizonMs, cuts: count } = DEFAULT_TRAINING_PROTOCOL;
    return explainEmptyHoldout(handle.sqlite, result.guildId, { now, windowMs, horizonMs, count, cuts: metrics.cuts });
  } finally {
    handle.close();
  }
}

/**
 * The run's summary and its holdout table, best NDCG first; the serving method is marked. `noTargets`: why the
 * holdout evaluated nothing, when it did not.
 */
export function describeRun(result: GuildRunResult, noTargets: readonly string[] = []): string {
  const seconds = (result.durationMs / 1000).toFixed(1);
  const head = `attune: guild ${result.guildId}: run ${result.runId} ${result.status} in ${seconds} s (backend ${result.backend ?? 'none'})`;
  const lines = [head];
  const metrics = result.metrics;
  if (metrics) {
    lines.push(`  holdout: ${metrics.cuts.length} cuts (${metrics.cuts.map((t) => new Date(t).toISOString()).join(', ') || 'none'})`);
    for (const reason of noTargets) lines.push(`  ${reason}`);
    const rows = Object.entries(metrics.methods).map(([name, m]) => ({
      label: name + (result.decision?.serving === name ? ' *' : ''),
      recall: m.recall,
      ndcg: m.ndcg,
      coverage: m.coverage,
      memberCuts: m.membersEvaluated,
      trainMs: m.trainMs,
    }));
    lines.push(...formatMetricTable(metrics.k, rows, '  '));
  }
  if (result.decision) {
    const verdict = result.candidate === null ? 'no learned model' : `${result.candidate} ${result.decision.promoted ? 'promoted' : 'not promoted'}`;
    lines.push(`  serving: ${result.decision.serving} (${verdict}: ${result.decision.reason})`);
    if (result.paramsBytes !== undefined) lines.push(`  stored: ${result.paramsBytes} bytes of parameters`);
  }
  if (result.error) lines.push(`  error: ${result.error}`);
  return lines.join('\n');
}

/** `--at`: an ISO time (UTC without an offset), or undefined for now. */
export function parseTrainAt(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const parsed = isoTimeSchema.safeParse(text);
  if (!parsed.success) throw new TrainCommandError(`--at ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  return parsed.data;
}

/**
 * The main thread's handle on training: starts one worker per run and refuses a second run while one is in
 * progress (a nightly run that overlaps a manual one is skipped and logged, not queued: the newer data would be
 * picked up by the next run anyway, and queued runs would pile up behind a slow one).
 */
import type { Worker } from 'node:worker_threads';
import { openDatabase } from '../../db/connection.js';
import type { Logger } from '../../ops/log.js';
import { startModuleWorker } from '../../lib/worker-entry.js';
import type { BackendRequest } from '../backend.js';
import { endRun } from '../registry.js';
import { logTrainingEvent, type GuildRunResult, type TrainingEvent } from './training-events.js';
import type { TrainingRequest } from './run-training.js';
import type { TrainingWorkerData, TrainingWorkerReply, TrainingWorkerRequest } from './training-worker.js';

export class TrainingBusyError extends Error {
  constructor() {
    super('a training run is already in progress');
    this.name = 'TrainingBusyError';
  }
}

export interface TrainingServiceOptions {
  databasePath: string;
  backend: BackendRequest;
  log: Logger;
  /** Module exporting allMethods() and baselineMethods() (default src/model/methods). */
  methodsModule?: URL;
  /** How long an aborted run may take to stop at its next step before its thread is terminated. */
  abortGraceMs?: number;
  /** Sees every event as well (the CLI prints from them); the logger always does. */
  onEvent?: (event: TrainingEvent) => void;
}

export interface TrainingOutcome {
  results: GuildRunResult[];
  /** Live tensors in the worker when the run ended: 0 unless a method leaks. */
  numTensors: number;
}

interface ActiveRun {
  worker: Worker;
  openRuns: Map<number, { guildId: string; startedAt: number }>;
  finished: Promise<TrainingOutcome>;
  aborting: boolean;
}

export class TrainingService {
  private active: ActiveRun | null = null;

  constructor(private readonly options: TrainingServiceOptions) {}

  get running(): boolean {
    return this.active !== null;
  }

  /** Runs training for the requested guilds on a worker thread. Rejects with TrainingBusyError when one is running. */
  run(request: TrainingRequest): Promise<TrainingOutcome> {
    if (this.active) return Promise.reject(new TrainingBusyError());
    const methodsModule = this.options.methodsModule ?? new URL('../methods' + moduleExtension(), import.meta.url);
    const worker = startModuleWorker(new URL('./training-worker' + moduleExtension(), import.meta.url), {
      workerData: {
        databasePath: this.options.databasePath,
        backend: this.options.backend,
        request: { ...request, now: request.now ?? Date.now() },
        methodsModule: methodsModule.href,
      } satisfies TrainingWorkerData,
    });
    const openRuns = new Map<number, { guildId: string; startedAt: number }>();
    const finished = new Promise<TrainingOutcome>((resolve, reject) => {
      let settled = false;
      const settle = (action: () => void) => {
        if (settled) return;
        settled = true;
        this.active = null;
        action();
      };
      worker.on('message', (reply: TrainingWorkerReply) => {
        if (reply.type === 'event') {
          this.track(openRuns, reply.event);
          logTrainingEvent(this.options.log, reply.event);
          this.options.onEvent?.(reply.event);
        } else if (reply.type === 'done') {
          if (reply.numTensors > 0) this.options.log.warn({ numTensors: reply.numTensors }, 'training left tensors allocated');
          void worker.terminate();
          settle(() => resolve({ results: reply.results, numTensors: reply.numTensors }));
        } else {
          void worker.terminate();
          this.closeOpenRuns(openRuns, 'failed', reply.error);
          settle(() => reject(new Error(`training failed: ${reply.error}`)));
        }
      });
      worker.on('error', (error) => {
        this.closeOpenRuns(openRuns, 'failed', error.message);
        settle(() => reject(error));
      });
      worker.on('exit', (code) => {
        const aborted = this.active?.aborting === true;
        this.closeOpenRuns(openRuns, aborted ? 'aborted' : 'failed', aborted ? 'aborted: shutting down' : `training thread exited with code ${code}`);
        settle(() => reject(new Error(aborted ? 'training aborted' : `training thread exited with code ${code}`)));
      });
    });
    this.active = { worker, openRuns, finished, aborting: false };
    return finished;
  }

  /**
   * Stops the current run (shutdown): the run stops at its next step and records itself as aborted; a run that
   * does not stop within the grace period is terminated and recorded as aborted here. Resolves when it is gone.
   */
  async abort(reason = 'aborted: shutting down'): Promise<void> {
    const active = this.active;
    if (!active) return;
    active.aborting = true;
    active.worker.postMessage({ type: 'abort', reason } satisfies TrainingWorkerRequest);
    const grace = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), this.options.abortGraceMs ?? 10_000).unref());
    const outcome = await Promise.race([active.finished.then(() => 'stopped' as const, () => 'stopped' as const), grace]);
    if (outcome === 'timeout') {
      this.options.log.warn('training did not stop in time; terminating its thread');
      await active.worker.terminate();
      await active.finished.catch(() => undefined);
    }
  }

  private track(openRuns: ActiveRun['openRuns'], event: TrainingEvent): void {
    if (event.type === 'guild-start') openRuns.set(event.runId, { guildId: event.guildId, startedAt: Date.now() });
    if (event.type === 'guild-end') openRuns.delete(event.result.runId);
  }

  /** A thread that died mid-run cannot record its own end; the registry must not show it running forever. */
  private closeOpenRuns(openRuns: ActiveRun['openRuns'], status: 'failed' | 'aborted', error: string): void {
    if (openRuns.size === 0) return;
    const handle = openDatabase(this.options.databasePath);
    try {
      const now = Date.now();
      for (const [runId, run] of openRuns) {
        endRun(handle.sqlite, runId, { status, finishedAt: now, durationMs: now - run.startedAt, backend: null, error });
        this.options.log.warn({ guildId: run.guildId, runId, status, error }, `training run ${status}`);
      }
      openRuns.clear();
    } finally {
      handle.close();
    }
  }
}

/** This module runs as .ts (tsx, vitest) or as compiled .js; the worker entry is its sibling in the same form. */
function moduleExtension(): string {
  return import.meta.url.endsWith('.ts') ? '.ts' : '.js';
}

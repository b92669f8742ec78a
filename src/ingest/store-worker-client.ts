import type { Worker } from 'node:worker_threads';
import { nextWorkerMessage, startModuleWorker } from '../lib/worker-entry.js';
import type { ApplyOutcome, StoreWorkerData, StoreWorkerReply, StoreWorkerRequest } from './store-worker.js';
import type { IngestOp } from './records.js';

/**
 * The main thread's handle on the store worker. Batches are applied in the order they were sent; each apply
 * resolves when its batch is committed.
 */
export class StoreWorkerClient {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (outcome: ApplyOutcome) => void; reject: (error: Error) => void; onBusy: (() => void) | undefined }
  >();
  private closing: Promise<void> | null = null;
  private failure: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: StoreWorkerReply) => {
      if (reply.type === 'busy') this.pending.get(reply.id)?.onBusy?.();
      if (reply.type !== 'applied') return;
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      waiter?.resolve(reply);
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => {
      if (this.closing === null) this.fail(new Error(`store worker exited with code ${code}`));
    });
  }

  static async start(databasePath: string, options: { busyTimeoutMs?: number } = {}): Promise<StoreWorkerClient> {
    const worker = startModuleWorker(new URL('./store-worker' + moduleExtension(), import.meta.url), {
      workerData: { databasePath, ...options } satisfies StoreWorkerData,
    });
    await nextWorkerMessage(worker, 'ready');
    return new StoreWorkerClient(worker);
  }

  /** `onBusy` is called (once) when the batch finds the database locked by another process and starts waiting. */
  apply(ops: IngestOp[], onBusy?: () => void): Promise<ApplyOutcome> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing) return Promise.reject(new Error('store worker is closed'));
    const id = this.nextId++;
    const done = new Promise<ApplyOutcome>((resolve, reject) => this.pending.set(id, { resolve, reject, onBusy }));
    this.worker.postMessage({ type: 'apply', id, ops } satisfies StoreWorkerRequest);
    return done;
  }

  /** Closes the worker's connection after every batch sent so far is applied. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (this.failure) {
        resolve();
        return;
      }
      this.worker.on('message', (reply: StoreWorkerReply) => {
        if (reply.type === 'closed') void this.worker.terminate().then(() => resolve());
      });
      this.worker.postMessage({ type: 'close' } satisfies StoreWorkerRequest);
    });
    return this.closing;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}

/** This module runs as .ts (tsx, vitest) or as compiled .js; the worker entry is its sibling in the same form. */
function moduleExtension(): string {
  return import.meta.url.endsWith('.ts') ? '.ts' : '.js';
}

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ApplyOutcome, StoreWorkerData, StoreWorkerReply, StoreWorkerRequest } from './store-worker.js';
import type { IngestOp } from './records.js';

/**
 * The main thread's handle on the store worker. Batches are applied in the order they were sent; each apply
 * resolves when its batch is committed.
 */
export class StoreWorkerClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (outcome: ApplyOutcome) => void; reject: (error: Error) => void }>();
  private closing: Promise<void> | null = null;
  private failure: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: StoreWorkerReply) => {
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
    const worker = new Worker(workerBootstrap(new URL('./store-worker' + moduleExtension(), import.meta.url).href), {
      eval: true,
      workerData: { databasePath, ...options } satisfies StoreWorkerData,
    });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (reply: StoreWorkerReply) => {
        if (reply.type !== 'ready') return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        resolve();
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    return new StoreWorkerClient(worker);
  }

  apply(ops: IngestOp[]): Promise<ApplyOutcome> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing) return Promise.reject(new Error('store worker is closed'));
    const id = this.nextId++;
    const done = new Promise<ApplyOutcome>((resolve, reject) => this.pending.set(id, { resolve, reject }));
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

/** The ESM build of tsx's register API (require.resolve would pick its CommonJS build). */
function tsxEsmApiUrl(): string {
  const require = createRequire(import.meta.url);
  const manifest = require('tsx/package.json') as { exports: Record<string, { import: { default: string } }> };
  const relative = manifest.exports['./esm/api']?.import.default ?? './dist/esm/api/index.mjs';
  return pathToFileURL(join(dirname(require.resolve('tsx/package.json')), relative)).href;
}

/**
 * A worker's entry must be JavaScript. For a .ts entry, register tsx's loader inside the worker first (loader
 * hooks of the main thread do not reach workers).
 */
function workerBootstrap(entry: string): string {
  if (entry.endsWith('.js')) return `import(${JSON.stringify(entry)});`;
  // Resolved here, not in the worker: an eval'd worker resolves bare names from the working directory.
  const tsxApi = tsxEsmApiUrl();
  return `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
}

import type { Worker } from 'node:worker_threads';
import type { ChartConfiguration } from 'chart.js';
import { nextWorkerMessage, startModuleWorker } from '../worker-entry.js';
import type { ChartWorkerReply, ChartWorkerRequest } from './chart-worker.js';

interface Waiter {
  resolve: (pngs: Buffer[]) => void;
  reject: (error: Error) => void;
}

/**
 * One drawing thread per process, started on first use and kept: starting a worker (module loading, and under tsx
 * the TypeScript loader) costs seconds, drawing costs half a second. It is unref'd while idle, so it never keeps a
 * process alive, and replaced if it dies.
 */
class ChartWorkerClient {
  private nextId = 1;
  private readonly pending = new Map<number, Waiter>();

  private constructor(
    private readonly worker: Worker,
    private readonly onDead: () => void,
  ) {
    worker.on('message', (reply: ChartWorkerReply) => {
      if (reply.type === 'ready') return;
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (!waiter) return;
      if (reply.type === 'rendered') waiter.resolve(reply.pngs.map((png) => Buffer.from(png.buffer, png.byteOffset, png.byteLength)));
      else waiter.reject(new Error(`chart rendering failed: ${reply.error}`));
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`chart thread exited with code ${code}`)));
    worker.unref();
  }

  static async start(onDead: () => void): Promise<ChartWorkerClient> {
    const worker = startModuleWorker(new URL('./chart-worker' + moduleExtension(), import.meta.url));
    await nextWorkerMessage(worker, 'ready');
    return new ChartWorkerClient(worker, onDead);
  }

  render(configs: ChartConfiguration[]): Promise<Buffer[]> {
    const id = this.nextId++;
    const done = new Promise<Buffer[]>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    // Referenced while it owes an answer: a script awaiting charts (the demo) must not exit while they are drawn.
    this.worker.ref();
    this.worker.postMessage({ type: 'render', id, configs } satisfies ChartWorkerRequest);
    return done;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.onDead();
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}

let shared: Promise<ChartWorkerClient> | null = null;

function sharedClient(): Promise<ChartWorkerClient> {
  if (!shared) {
    const forget = () => {
      if (shared === starting) shared = null;
    };
    const starting = ChartWorkerClient.start(forget);
    starting.catch(forget);
    shared = starting;
  }
  return shared;
}

/**
 * Renders the configurations into PNGs on the drawing thread, in order. The configurations cross the thread
 * boundary by structured clone, so they must be plain data (chart-configs.ts builds no callbacks).
 */
export async function renderChartsOffThread(configs: ChartConfiguration[]): Promise<Buffer[]> {
  return (await sharedClient()).render(configs);
}

/** Stops the drawing thread (graceful shutdown, tests); the next render starts a new one. */
export async function closeChartWorker(): Promise<void> {
  const current = shared;
  shared = null;
  if (current) await (await current.catch(() => null))?.close();
}

/** This module runs as .ts (tsx, vitest) or as compiled .js; the worker entry is its sibling in the same form. */
function moduleExtension(): string {
  return import.meta.url.endsWith('.ts') ? '.ts' : '.js';
}

import type { Worker } from 'node:worker_threads';
import type { ChartConfiguration } from 'chart.js';
import { nextWorkerMessage, startModuleWorker } from '../lib/worker-entry.js';
import type { ChartWorkerReply, ChartWorkerRequest } from './chart-worker.js';
import type { GuildStats } from './guild-stats.js';

interface Waiter {
  resolve: (reply: Extract<ChartWorkerReply, { type: 'rendered' | 'collected' }>) => void;
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
      if (reply.type === 'failed') waiter.reject(new Error(`chart thread failed: ${reply.error}`));
      else waiter.resolve(reply);
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

  async render(configs: ChartConfiguration[]): Promise<Buffer[]> {
    const reply = await this.request({ type: 'render', id: this.nextId++, configs });
    if (reply.type !== 'rendered') throw new Error(`chart thread answered ${reply.type} to render`);
    return reply.pngs.map((png) => Buffer.from(png.buffer, png.byteOffset, png.byteLength));
  }

  async collect(databasePath: string, guildId: string, now: number, days: number): Promise<GuildStats> {
    const reply = await this.request({ type: 'collect', id: this.nextId++, databasePath, guildId, now, days });
    if (reply.type !== 'collected') throw new Error(`chart thread answered ${reply.type} to collect`);
    return reply.stats;
  }

  private request(message: ChartWorkerRequest): Promise<Extract<ChartWorkerReply, { type: 'rendered' | 'collected' }>> {
    const done = new Promise<Extract<ChartWorkerReply, { type: 'rendered' | 'collected' }>>((resolve, reject) =>
      this.pending.set(message.id, { resolve, reject }),
    );
    // Referenced while it owes an answer: a script awaiting charts (the demo) must not exit while they are drawn.
    this.worker.ref();
    this.worker.postMessage(message);
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

/** A guild's figures read on the drawing thread, from its own read-only connection to `databasePath`. */
export async function collectStatsOffThread(databasePath: string, guildId: string, now: number, days: number): Promise<GuildStats> {
  return (await sharedClient()).collect(databasePath, guildId, now, days);
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

/**
 * The chart-drawing thread: renders the chart.js configurations of each request into PNGs and posts them back
 * (transferred, not copied). Drawing four charts takes about half a second of CPU, which on the main thread would
 * stall the gateway and every other interaction.
 */
import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { ChartConfiguration } from 'chart.js';
import { prepareChartRenderer, renderChartPng } from './chart-renderer.js';
import { collectGuildStats, type GuildStats } from './guild-stats.js';

export type ChartWorkerRequest =
  | { type: 'render'; id: number; configs: ChartConfiguration[] }
  /** Reads a guild's figures on this thread from its own read-only connection (90 days of a big guild: ~0.3 s). */
  | { type: 'collect'; id: number; databasePath: string; guildId: string; now: number; days: number };

export type ChartWorkerReply =
  | { type: 'ready' }
  | { type: 'rendered'; id: number; pngs: Uint8Array[] }
  | { type: 'collected'; id: number; stats: GuildStats }
  | { type: 'failed'; id: number; error: string };

const port = parentPort;
if (!port) throw new Error('chart-worker must run in a worker thread');
prepareChartRenderer();

port.on('message', (request: ChartWorkerRequest) => {
  if (request.type === 'render') void render(request.id, request.configs);
  else collect(request);
});

function collect(request: Extract<ChartWorkerRequest, { type: 'collect' }>): void {
  // Opened per request (about a millisecond): a connection kept open would go on reading a file that a restore
  // replaced at the same path.
  let sqlite: Database.Database | null = null;
  try {
    sqlite = new Database(request.databasePath, { readonly: true, fileMustExist: true });
    const stats = collectGuildStats(sqlite, request.guildId, request.now, request.days);
    port?.postMessage({ type: 'collected', id: request.id, stats } satisfies ChartWorkerReply);
  } catch (error) {
    port?.postMessage({ type: 'failed', id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies ChartWorkerReply);
  } finally {
    sqlite?.close();
  }
}
port.postMessage({ type: 'ready' } satisfies ChartWorkerReply);

async function render(id: number, configs: ChartConfiguration[]): Promise<void> {
  try {
    const pngs: Uint8Array[] = [];
    for (const config of configs) pngs.push(new Uint8Array(await renderChartPng(config)));
    port?.postMessage({ type: 'rendered', id, pngs } satisfies ChartWorkerReply, pngs.map((png) => png.buffer as ArrayBuffer));
  } catch (error) {
    port?.postMessage({ type: 'failed', id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies ChartWorkerReply);
  }
}

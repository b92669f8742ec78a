/**
 * The chart-drawing thread: renders the chart.js configurations of each request into PNGs and posts them back
 * (transferred, not copied). Drawing four charts takes about half a second of CPU, which on the main thread would
 * stall the gateway and every other interaction.
 */
import { parentPort } from 'node:worker_threads';
import type { ChartConfiguration } from 'chart.js';
import { prepareChartRenderer, renderChartPng } from './chart-renderer.js';

export type ChartWorkerRequest = { type: 'render'; id: number; configs: ChartConfiguration[] };

export type ChartWorkerReply =
  | { type: 'ready' }
  | { type: 'rendered'; id: number; pngs: Uint8Array[] }
  | { type: 'failed'; id: number; error: string };

const port = parentPort;
if (!port) throw new Error('chart-worker must run in a worker thread');
prepareChartRenderer();

port.on('message', (request: ChartWorkerRequest) => {
  void render(request.id, request.configs);
});
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

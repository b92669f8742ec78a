/**
 * Runs one /privacy export on its own thread (export-worker.ts) and hands its parts over in order, as they come:
 * the caller can send the first file while later ones are still being written. One thread per export: exports are
 * rare, and a thread that ends with its export holds no connection to a file a restore may replace.
 */
import type { Worker } from 'node:worker_threads';
import type { DataSubject } from '../db/queries/personal-data/statements.js';
import { startModuleWorker } from '../lib/worker-entry.js';
import type { ExportPart } from './export-parts.js';
import type { ExportWorkerData, ExportWorkerMessage } from './export-worker.js';

export async function* exportPartsOffThread(databasePath: string, subject: DataSubject, at: number, maxPartBytes: number): AsyncGenerator<ExportPart> {
  const worker: Worker = startModuleWorker(new URL('./export-worker' + moduleExtension(), import.meta.url), {
    workerData: { databasePath, subject, at, maxPartBytes } satisfies ExportWorkerData,
  });
  const queue: ExportWorkerMessage[] = [];
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  worker.on('message', (message: ExportWorkerMessage) => {
    queue.push(message);
    notify();
  });
  worker.on('error', (error) => {
    failure = error;
    notify();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`export thread exited with code ${code} before its last part`);
    notify();
  });
  try {
    for (;;) {
      const message = queue.shift();
      if (message === undefined) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (message.type === 'failed') throw new Error(`export thread failed: ${message.error}`);
      const { type: _type, ...part } = message;
      yield part;
      if (part.last) return;
    }
  } finally {
    await worker.terminate();
  }
}

/** This module runs as .ts (tsx, vitest) or as compiled .js; the worker entry is its sibling in the same form. */
function moduleExtension(): string {
  return import.meta.url.endsWith('.ts') ? '.ts' : '.js';
}

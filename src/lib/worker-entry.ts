/** Starting worker threads whose entry module may be TypeScript (run by tsx) or compiled JavaScript. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker on `entry`. A worker's entry must be JavaScript, and the main thread's loader hooks do not reach
 * workers, so for a .ts entry the worker first registers tsx's loader, then imports the module.
 */
export function startModuleWorker(entry: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  const href = entry.href;
  const bootstrap = href.endsWith('.ts')
    ? `import(${JSON.stringify(tsxEsmApiUrl())}).then(({ register }) => { register(); return import(${JSON.stringify(href)}); });`
    : `import(${JSON.stringify(href)});`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/** Resolves with the worker's first message of `type`; rejects if the worker fails first. */
export function nextWorkerMessage<T>(worker: Worker, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string } & T) => {
      if (message.type !== type) return;
      worker.off('message', onMessage);
      worker.off('error', reject);
      resolve(message);
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
  });
}

/**
 * The ESM build of tsx's register API, resolved here rather than in the worker (an eval'd worker resolves bare
 * names from the working directory; require.resolve would pick the CommonJS build).
 */
function tsxEsmApiUrl(): string {
  const require = createRequire(import.meta.url);
  const manifest = require('tsx/package.json') as { exports: Record<string, { import: { default: string } }> };
  const relative = manifest.exports['./esm/api']?.import.default ?? './dist/esm/api/index.mjs';
  return pathToFileURL(join(dirname(require.resolve('tsx/package.json')), relative)).href;
}

import * as tf from '@tensorflow/tfjs';
import type { Logger } from '../ops/log.js';

/** What an admin can force with TRAINING_BACKEND; `auto` tries them in this order. */
export const BACKEND_CHOICES = ['node-gpu', 'node', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];
export type BackendRequest = BackendChoice | 'auto';

export interface SelectedBackend {
  choice: BackendChoice;
  /** tfjs's own backend name: `tensorflow` (both native packages), `wasm` or `cpu`. */
  tfBackend: string;
  /** Why the choices before this one were skipped, for the log line. */
  skipped: { choice: BackendChoice; reason: string }[];
}

/** Loads a module by name; injectable so tests can play "package absent" or "addon broken". */
export type ModuleLoader = (specifier: string) => Promise<unknown>;

const defaultLoader: ModuleLoader = (specifier) => import(specifier);

/**
 * The native packages register the `tensorflow` backend into the shared tfjs-core when imported (the lockfile
 * pins every @tensorflow package to one version, so there is one engine). Importing them throws when the
 * package or its native addon is missing, which is the normal case on machines without libtensorflow.
 */
async function activate(choice: BackendChoice, load: ModuleLoader): Promise<string> {
  switch (choice) {
    case 'node-gpu':
      await load('@tensorflow/tfjs-node-gpu');
      return 'tensorflow';
    case 'node':
      await load('@tensorflow/tfjs-node');
      return 'tensorflow';
    case 'wasm':
      await load('@tensorflow/tfjs-backend-wasm');
      return 'wasm';
    case 'cpu':
      return 'cpu';
  }
}

let active: SelectedBackend | undefined;

/**
 * Picks the fastest backend that works here: tfjs-node-gpu → tfjs-node → wasm → cpu, or exactly the requested
 * one (failing loudly when a forced backend cannot start, rather than silently training 30× slower).
 * Every model runs the same tfjs code on whichever backend this returns. Idempotent per process.
 */
export async function selectBackend(
  request: BackendRequest,
  log: Logger,
  load: ModuleLoader = defaultLoader,
): Promise<SelectedBackend> {
  if (active && (request === 'auto' || request === active.choice)) return active;
  const order: readonly BackendChoice[] = request === 'auto' ? BACKEND_CHOICES : [request];
  const skipped: SelectedBackend['skipped'] = [];
  for (const choice of order) {
    try {
      const tfBackend = await activate(choice, load);
      if (!(await tf.setBackend(tfBackend))) throw new Error(`tfjs could not initialise the ${tfBackend} backend`);
      await tf.ready();
      active = { choice, tfBackend, skipped };
      log.info({ backend: choice, tfBackend, skipped }, `training backend: ${choice}`);
      return active;
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] ?? error.name : String(error);
      skipped.push({ choice, reason });
    }
  }
  throw new Error(
    `training backend ${request} is not available: ${skipped.map((s) => `${s.choice}: ${s.reason}`).join('; ')}`,
  );
}

/** Forgets the cached choice; only tests need this, to exercise the order again in one process. */
export function resetBackendSelectionForTests(): void {
  active = undefined;
}

export { tf };

/**
 * The training thread: one run per worker. It opens its own connection (snapshots and evaluation read a lot; the
 * registry rows are its only writes), runs every requested guild, reports events to the main thread and exits
 * when the main thread terminates it. Keeping TensorFlow.js and the snapshots here is what keeps the bot's event
 * loop responsive while a model trains (see `npm run bench -- train-lag`).
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/connection.js';
import type { BackendRequest } from '../backend.js';
import { tf } from '../backend.js';
import type { RankingMethod } from '../ranker.js';
import type { GuildRunResult, TrainingEvent } from './training-events.js';
import { runTraining, type TrainingRequest } from './run-training.js';

export interface TrainingWorkerData {
  databasePath: string;
  backend: BackendRequest;
  request: TrainingRequest;
  /** href of a module exporting allMethods() and baselineMethods(); tests point it at fixture methods. */
  methodsModule: string;
}

export type TrainingWorkerRequest = { type: 'abort'; reason: string };

export type TrainingWorkerReply =
  | { type: 'event'; event: TrainingEvent }
  | { type: 'done'; results: GuildRunResult[]; numTensors: number }
  | { type: 'failed'; error: string };

interface MethodsModule {
  allMethods(): RankingMethod[];
  baselineMethods(): RankingMethod[];
}

const port = parentPort;
if (!port) throw new Error('training-worker must run in a worker thread');
// On Linux a nice value belongs to a thread, so this lowers the training thread alone: when the machine is short of
// cores the bot's main thread (gateway, commands) gets the CPU first and training takes what is left. Elsewhere it
// would lower the whole process, so it is left alone there.
if (process.platform === 'linux') {
  try {
    setPriority(10);
  } catch {
    // Not permitted (some containers): training still runs, just at the default priority.
  }
}
const { databasePath, backend, request, methodsModule } = workerData as TrainingWorkerData;
const controller = new AbortController();
port.on('message', (message: TrainingWorkerRequest) => {
  if (message.type === 'abort') controller.abort(new Error(message.reason));
});

const post = (reply: TrainingWorkerReply) => port.postMessage(reply);
const handle = openDatabase(databasePath);
try {
  const methods = (await import(methodsModule)) as MethodsModule;
  const results = await runTraining(handle.sqlite, request, {
    methods: methods.allMethods(),
    baselines: methods.baselineMethods().map((m) => m.name),
    backend,
    signal: controller.signal,
    onEvent: (event) => post({ type: 'event', event }),
  });
  post({ type: 'done', results, numTensors: tf.memory().numTensors });
} catch (error) {
  post({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
} finally {
  handle.close();
}

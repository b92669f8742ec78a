/**
 * The ingest writer's thread: owns the write connection and applies op batches in order, so SQLite's work runs on
 * another core and never blocks the gateway or interaction handling on the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isSqliteBusy, openDatabase } from '../db/connection.js';
import { ActivityStore } from './activity-store.js';
import { guildIdOfOp, type IngestOp } from './records.js';

export interface StoreWorkerData {
  databasePath: string;
  /** How long one attempt waits for another writer's lock before the batch is retried. */
  busyTimeoutMs?: number;
}

export type StoreWorkerRequest = { type: 'apply'; id: number; ops: IngestOp[] } | { type: 'close' };

export interface ApplyOutcome {
  written: number;
  /** Ops that failed on their own (logged by the main thread). */
  rejected: { op: string; guildId?: string; error: string }[];
  /** How often the batch waited for another process's lock. */
  busyRetries: number;
}

export type StoreWorkerReply =
  | { type: 'ready' }
  /** The batch found the database locked by another process and waits for it (sent once per batch). */
  | { type: 'busy'; id: number }
  | ({ type: 'applied'; id: number } & ApplyOutcome)
  | { type: 'closed' };

const BUSY_RETRY_MS = 100;

const port = parentPort;
if (!port) throw new Error('store-worker must run in a worker thread');
const { databasePath, busyTimeoutMs } = workerData as StoreWorkerData;
const handle = openDatabase(databasePath, busyTimeoutMs === undefined ? {} : { busyTimeoutMs });
const store = new ActivityStore(handle.sqlite);
const sleeper = new Int32Array(new SharedArrayBuffer(4));


function apply(ops: IngestOp[], waiting: () => void): ApplyOutcome {
  let busyRetries = 0;
  for (;;) {
    try {
      store.apply(ops);
      return { written: ops.length, rejected: [], busyRetries };
    } catch (error) {
      if (isSqliteBusy(error)) {
        // Another process (an import, a backup) holds the lock: the ops are fine, wait for it rather than lose them.
        busyRetries += 1;
        if (busyRetries === 1) waiting();
        Atomics.wait(sleeper, 0, 0, BUSY_RETRY_MS);
        continue;
      }
      // One bad op must not cost its neighbours: apply them one by one and report the ones that fail.
      const rejected: { op: string; guildId?: string; error: string }[] = [];
      let written = 0;
      for (const op of ops) {
        try {
          store.apply([op]);
          written += 1;
        } catch (opError) {
          const guildId = guildIdOfOp(op);
          rejected.push({ op: op.kind, ...(guildId ? { guildId } : {}), error: opError instanceof Error ? opError.message : String(opError) });
        }
      }
      return { written, rejected, busyRetries };
    }
  }
}

port.on('message', (request: StoreWorkerRequest) => {
  if (request.type === 'close') {
    handle.close();
    port.postMessage({ type: 'closed' } satisfies StoreWorkerReply);
    return;
  }
  const waiting = () => port.postMessage({ type: 'busy', id: request.id } satisfies StoreWorkerReply);
  port.postMessage({ type: 'applied', id: request.id, ...apply(request.ops, waiting) } satisfies StoreWorkerReply);
});
port.postMessage({ type: 'ready' } satisfies StoreWorkerReply);

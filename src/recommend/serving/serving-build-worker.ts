/**
 * A one-shot thread that builds a guild's serving indexes (the snapshot read alone takes seconds on a large guild)
 * on its own read connection, so the bot's event loop keeps answering interactions and heartbeats meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/connection.js';
import { buildIndexesFromDatabase, type ServingBuildRequest } from './serving-build.js';

export interface ServingBuildWorkerData extends ServingBuildRequest {
  databasePath: string;
}

const port = parentPort;
if (!port) throw new Error('serving-build-worker must run in a worker thread');
const { databasePath, ...request } = workerData as ServingBuildWorkerData;
const handle = openDatabase(databasePath);
try {
  port.postMessage({ type: 'built', indexes: buildIndexesFromDatabase(handle.sqlite, request) });
} catch (error) {
  port.postMessage({ type: 'failed', error: error instanceof Error ? error.stack ?? error.message : String(error) });
} finally {
  handle.close();
}

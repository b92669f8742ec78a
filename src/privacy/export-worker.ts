/**
 * The export thread: reads every row about a member from its own read-only connection and posts the export's
 * parts back as they fill up (transferred, not copied). Serialising a heavy member's rows (tens of MiB of JSON)
 * on the main thread blocked the event loop for hundreds of milliseconds; here it blocks nothing.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { DataSubject } from '../db/queries/personal-data/statements.js';
import { writeExportParts, type ExportPart } from './export-parts.js';

export interface ExportWorkerData {
  databasePath: string;
  subject: DataSubject;
  at: number;
  maxPartBytes: number;
}

export type ExportWorkerMessage = ({ type: 'part' } & ExportPart) | { type: 'failed'; error: string };

const port = parentPort;
if (!port) throw new Error('export-worker must run in a worker thread');
const { databasePath, subject, at, maxPartBytes } = workerData as ExportWorkerData;

let sqlite: Database.Database | null = null;
try {
  sqlite = new Database(databasePath, { readonly: true, fileMustExist: true });
  writeExportParts(sqlite, subject, { at, maxPartBytes }, (part) => {
    port.postMessage({ type: 'part', ...part } satisfies ExportWorkerMessage, [part.bytes.buffer as ArrayBuffer]);
  });
} catch (error) {
  port.postMessage({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies ExportWorkerMessage);
} finally {
  sqlite?.close();
}

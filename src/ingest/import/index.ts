/**
 * `attune import <path>`: loads a DiscordChatExporter export (CSV or JSON) or an attune JSONL file.
 *
 * The whole file is read and checked before anything is written; any invalid record fails the import with an
 * ImportError that lists the problems by line (or JSON path), and the database is left as it was. The writes are
 * one transaction through ActivityStore, with the same idempotent ops the gateway uses, so importing a file
 * twice changes nothing the second time.
 */
import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { DatabaseHandle } from '../../db/connection.js';
import { ingestQueries } from '../../db/queries/ingest.js';
import { ActivityStore } from '../activity-store.js';
import type { ImportBatch } from './batch.js';
import { readDceCsv } from './dce-csv.js';
import { readDceJson } from './dce-json.js';
import { detectFormat } from './detect.js';
import { ImportError, IssueCollector } from './errors.js';
import { sqliteExistingRows } from './existing-rows.js';
import { readHead, readTextChunks, readWholeText, splitLines } from './file-source.js';
import { readJsonl } from './jsonl.js';
import { planImport } from './plan.js';
import type { ImportFormat, ImportOptions, ImportSummary, ReaderContext, TableCounts } from './types.js';

export { ImportError, formatIssue, type ImportIssue } from './errors.js';
export type { ImportFormat, ImportOptions, ImportSummary, TableCounts } from './types.js';
export { parseOffset } from './dates.js';

export function importPath(handle: DatabaseHandle, path: string, options: ImportOptions = {}): ImportSummary {
  const issues = new IssueCollector(path, options.maxListedErrors);
  checkReadable(path);
  const format = options.format ?? detectFormat(path, readHead(path));
  if (format === null) {
    throw new ImportError([{ file: path, message: 'cannot tell the format (expected a DCE .csv or .json export, or attune .jsonl); pass the format' }]);
  }
  const now = options.now?.() ?? Date.now();
  const existing = sqliteExistingRows(handle.sqlite);
  const ctx: ReaderContext = { path, options, existing, issues, now };
  // One read transaction around the readers' lookups: a snapshot, and far cheaper than one per statement.
  const sqlite = handle.sqlite;
  const batch = sqlite.transaction(() => read(format, path, ctx)).deferred();
  issues.throwIfAny();

  // Planning reads the rows it compares against, so it runs in the write transaction: nothing can change between
  // the comparison and the write. (ActivityStore's own transaction nests inside as a savepoint.)
  const run = sqlite.transaction(() => {
    const before = countRows(sqlite);
    // Fresh lookups: what the readers cached may predate a write by the running bot.
    const plan = planImport(batch, sqliteExistingRows(sqlite), now, issues);
    issues.throwIfAny();
    // Members who opted out in a guild are not recorded there from an import either: the store leaves them out
    // (the summary still counts what the file held; `added` says what was written).
    new ActivityStore(sqlite).apply(plan.ops);
    const after = countRows(sqlite);
    return { counts: plan.counts, added: difference(after, before) };
  });
  const { counts, added } = run.immediate();
  return summarize(path, format, batch, counts, added);
}

function read(format: ImportFormat, path: string, ctx: ReaderContext): ImportBatch {
  switch (format) {
    case 'dce-csv':
      return readDceCsv(readTextChunks(path), ctx);
    case 'dce-json': {
      let text: string;
      try {
        text = readWholeText(path);
      } catch (error) {
        // A DCE JSON export is one document, so it must fit in one string (about 512 MiB in V8).
        if (!(error instanceof RangeError)) throw error;
        throw new ImportError([{ file: path, message: 'too large to read as one JSON document; export it in parts (DCE --partition)' }]);
      }
      return readDceJson(text, ctx);
    }
    case 'jsonl':
      return readJsonl(splitLines(readTextChunks(path), ctx.options.maxLineChars), ctx);
  }
}

function checkReadable(path: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ImportError([{ file: path, message: code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(error)})` }]);
  }
  if (!isFile) throw new ImportError([{ file: path, message: 'not a file' }]);
}

function countRows(sqlite: Database.Database): TableCounts {
  return ingestQueries(sqlite).tableCounts();
}

function difference(after: TableCounts, before: TableCounts): TableCounts {
  return {
    guilds: after.guilds - before.guilds,
    channels: after.channels - before.channels,
    members: after.members - before.members,
    posts: after.posts - before.posts,
    reactions: after.reactions - before.reactions,
    tallies: after.tallies - before.tallies,
  };
}

function summarize(path: string, format: ImportFormat, batch: ImportBatch, counts: TableCounts, added: TableCounts): ImportSummary {
  const reasons = Object.fromEntries(batch.skipped);
  const total = [...batch.skipped.values()].reduce((sum, n) => sum + n, 0);
  const summary: ImportSummary = { file: path, format, ...counts, added, skipped: { total, reasons }, warnings: batch.warnings };
  if (batch.dateFormat !== undefined) summary.dateFormat = batch.dateFormat;
  return summary;
}

/**
 * `attune import <path>`: loads a DiscordChatExporter export (JSON, HTML or CSV) or an attune JSONL file; a folder
 * (DCE's export of a whole server) is imported file by file.
 *
 * One file is one IMMEDIATE transaction. Records are checked and written as they are read, so memory does not grow
 * with the file (DCE CSV aside, see dce-csv.ts); any invalid record fails the file with an ImportError that lists
 * the problems by line (and JSON path), and the transaction is rolled back: the database is left as it was. The
 * writes are the same idempotent ops the gateway uses (ActivityStore), so importing a file twice changes nothing
 * the second time.
 */
import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { DatabaseHandle } from '../../db/connection.js';
import { OptOutList } from '../../db/queries/opt-outs.js';
import { readDceCsv } from './dce-csv.js';
import { readDceHtml } from './dce-html.js';
import { readDceJson } from './dce-json.js';
import { detectFormat } from './detect.js';
import { ImportError, IssueCollector } from './errors.js';
import { sqliteExistingRows } from './existing-rows.js';
import { readByteChunks, readHead, readTextChunks, splitLines, type ReadProgress } from './file-source.js';
import { ImportWriter } from './import-writer.js';
import { readJsonl } from './jsonl.js';
import { ImportSink } from './sink.js';
import type { ImportFormat, ImportOptions, ImportSummary, ReaderContext } from './types.js';

export { ImportError, formatIssue, type ImportIssue } from './errors.js';
export type { ImportFormat, ImportOptions, ImportProgress, ImportSummary, TableCounts } from './types.js';
export { parseOffset } from './dates.js';

const DAY_MS = 86_400_000;
/** Page cache while a file is imported: its indexes' hot pages stay in memory however large the database grows. */
const IMPORT_CACHE_KIB = 256 * 1024;

export function importPath(handle: DatabaseHandle, path: string, options: ImportOptions = {}): ImportSummary {
  const issues = new IssueCollector(path, options.maxListedErrors);
  const size = fileSize(path);
  const format = options.format ?? detectFormat(path, readHead(path));
  if (format === null) {
    throw new ImportError([{ file: path, message: 'cannot tell the format (expected a DCE .json, .html or .csv export, or attune .jsonl); pass the format' }]);
  }
  const now = options.now?.() ?? Date.now();
  const sqlite = handle.sqlite;
  const progress: ReadProgress = { bytes: 0 };
  const report = (messages: number) => options.onProgress?.({ file: path, bytesRead: progress.bytes, bytesTotal: size, messages });

  const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number;
  sqlite.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  try {
    // One write transaction for the whole file: the reads that check references see what this file wrote so far,
    // nothing else can write in between, and an error anywhere rolls everything back.
    return sqlite
      .transaction(() => {
        const existing = sqliteExistingRows(sqlite);
        // Read inside the file's write transaction: no opt-out can commit before its rows are written.
        const { isOptedOut } = new OptOutList(sqlite).refresh();
        const retention = options.contentRetentionDays;
        let sink: ImportSink | undefined;
        const writer = new ImportWriter(sqlite, {
          isOptedOut,
          isBot: (guildId, userId) => sink?.isBot(guildId, userId) ?? false,
          content: { keep: options.keepContent === true, since: retention === undefined ? Number.NEGATIVE_INFINITY : now - retention * DAY_MS },
          skip: (reason) => sink?.skip(reason),
        });
        sink = new ImportSink(writer, existing, issues, now, report);
        const ctx: ReaderContext = { path, options, existing, issues, now };
        read(format, path, ctx, sink, progress);
        sink.finish();
        issues.throwIfAny();
        return summarize(path, format, sink, writer);
      })
      .immediate();
  } finally {
    sqlite.pragma(`cache_size = ${cacheSize}`);
  }
}

function read(format: ImportFormat, path: string, ctx: ReaderContext, sink: ImportSink, progress: ReadProgress): void {
  switch (format) {
    case 'dce-csv':
      return readDceCsv(readTextChunks(path, progress), ctx, sink);
    case 'dce-json':
      return readDceJson(readByteChunks(path, progress), ctx, sink);
    case 'dce-html':
      return readDceHtml(readTextChunks(path, progress), ctx, sink);
    case 'jsonl':
      return readJsonl(splitLines(readTextChunks(path, progress), ctx.options.maxLineChars), ctx, sink);
  }
}

function fileSize(path: string): number {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ImportError([{ file: path, message: code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(error)})` }]);
  }
  if (!stats.isFile()) throw new ImportError([{ file: path, message: 'not a file' }]);
  return stats.size;
}

function summarize(path: string, format: ImportFormat, sink: ImportSink, writer: ImportWriter): ImportSummary {
  const reasons = Object.fromEntries(sink.skipped);
  const total = [...sink.skipped.values()].reduce((sum, n) => sum + n, 0);
  const { counts } = writer;
  const summary: ImportSummary = {
    file: path,
    format,
    guilds: sink.drafts.guilds.size,
    channels: sink.drafts.channels.size,
    members: sink.drafts.members.size,
    posts: counts.posts,
    reactions: counts.reactions,
    tallies: counts.tallies,
    added: {
      guilds: counts.added.guilds,
      channels: counts.added.channels,
      members: counts.added.members,
      posts: counts.added.posts,
      reactions: counts.added.reactions,
      tallies: counts.added.tallies,
    },
    skipped: { total, reasons },
    warnings: sink.warnings,
  };
  if (sink.dateFormat !== undefined) summary.dateFormat = sink.dateFormat;
  if (sink.invented !== undefined) summary.invented = sink.invented;
  return summary;
}

/** The extensions a folder import picks up (DCE's formats and attune JSONL); anything else in the folder is left. */
const IMPORTABLE = new Set(['.json', '.html', '.htm', '.csv', '.jsonl', '.ndjson']);

/** The files of a folder an import reads, by name (DCE's media folders and other files are left out). */
export function importableFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && IMPORTABLE.has(extname(entry.name).toLowerCase()))
    .map((entry) => join(dir, entry.name))
    .sort();
}

export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

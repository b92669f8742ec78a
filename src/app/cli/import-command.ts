/**
 * `attune import <path>`: a file, or a folder of files (DiscordChatExporter's export of a whole server: one file per
 * channel and thread). Each file is its own transaction; a file that fails is reported and the others go on. On a
 * terminal a progress line shows the file, how far into it, and messages per second. At the end, one summary.
 */
import { basename } from 'node:path';
import { openDatabase } from '../../db/connection.js';
import { runMigrations } from '../../db/migrate.js';
import {
  ImportError,
  importableFiles,
  importPath,
  isFolder,
  parseOffset,
  type ImportFormat,
  type ImportOptions,
  type ImportProgress,
  type ImportSummary,
  type TableCounts,
} from '../../ingest/import/index.js';
import { ProgressLine } from './progress-line.js';

const FORMATS: readonly ImportFormat[] = ['dce-csv', 'dce-json', 'dce-html', 'jsonl'];

export interface ImportCommandOptions {
  /** The gateway's content setting (MESSAGE_CONTENT_INTENT, MESSAGE_CONTENT_RETENTION_DAYS): imported text follows it. */
  keepContent: boolean;
  contentRetentionDays?: number | undefined;
  guildId?: string | undefined;
  guildName?: string | undefined;
  channelId?: string | undefined;
  channelName?: string | undefined;
  format?: string | undefined;
  dateFormat?: string | undefined;
  utcOffset?: string | undefined;
}

/** The flags `attune import` and `npm run demo -- --import` share, as node:util's parseArgs reads them. */
export const IMPORT_FLAGS = {
  guild: { type: 'string' },
  'guild-name': { type: 'string' },
  channel: { type: 'string' },
  'channel-name': { type: 'string' },
  format: { type: 'string' },
  'date-format': { type: 'string' },
  'utc-offset': { type: 'string' },
} as const;

type ImportFlagValues = { [K in keyof typeof IMPORT_FLAGS]?: string | undefined };
export type ImportFlagOptions = Omit<ImportCommandOptions, 'keepContent' | 'contentRetentionDays'>;

/** The import options the shared flags set; empty when none was given. */
export function importFlagOptions(values: ImportFlagValues): ImportFlagOptions {
  return {
    guildId: values.guild,
    guildName: values['guild-name'],
    channelId: values.channel,
    channelName: values['channel-name'],
    format: values.format,
    dateFormat: values['date-format'],
    utcOffset: values['utc-offset'],
  };
}

export interface ImportOutput {
  print: (line: string) => void;
  progress: ProgressLine;
}

/** The import's options from the command line's; an ImportError (exit 2) names a bad one. */
export function importOptionsFrom(path: string, options: ImportCommandOptions): ImportOptions {
  const importOptions: ImportOptions = { keepContent: options.keepContent };
  if (options.contentRetentionDays !== undefined) importOptions.contentRetentionDays = options.contentRetentionDays;
  if (options.format !== undefined) {
    if (!FORMATS.includes(options.format as ImportFormat)) {
      throw new ImportError([{ file: path, message: `--format must be one of ${FORMATS.join(', ')}` }]);
    }
    importOptions.format = options.format as ImportFormat;
  }
  if (options.utcOffset !== undefined) {
    const minutes = parseOffset(options.utcOffset);
    if (minutes === null) throw new ImportError([{ file: path, message: '--utc-offset must look like +02:00 or -05:30' }]);
    importOptions.utcOffsetMinutes = minutes;
  }
  if (options.dateFormat) importOptions.dateFormat = options.dateFormat;
  if (options.guildId) importOptions.guildId = options.guildId;
  if (options.guildName) importOptions.guildName = options.guildName;
  if (options.channelId) importOptions.channelId = options.channelId;
  if (options.channelName) importOptions.channelName = options.channelName;
  return importOptions;
}

/** Imports the file or folder; prints the summary. Exit status 0, or 2 when some file of a folder failed. */
export function runImport(
  databasePath: string,
  path: string,
  options: ImportCommandOptions,
  output: ImportOutput = { print: (line) => console.log(line), progress: new ProgressLine() },
): number {
  const importOptions = importOptionsFrom(path, options);
  const folder = isFolder(path);
  const files = folder ? importableFiles(path) : [path];
  if (folder && files.length === 0) {
    throw new ImportError([{ file: path, message: 'no files to import in this folder (.json, .html, .csv, .jsonl)' }]);
  }
  const handle = openDatabase(databasePath);
  const summaries: ImportSummary[] = [];
  const failures: ImportError[] = [];
  const started = performance.now();
  try {
    runMigrations(handle.db);
    files.forEach((file, index) => {
      const fileStarted = performance.now();
      const onProgress = (progress: ImportProgress) => output.progress.update(describeProgress(progress, index, files.length, performance.now() - fileStarted));
      try {
        summaries.push(importPath(handle, file, { ...importOptions, onProgress }));
      } catch (error) {
        // One file of a folder failing leaves the others to import; a single file's error is the command's.
        if (!(error instanceof ImportError) || !folder) throw error;
        failures.push(error);
      }
    });
  } finally {
    output.progress.clear();
    handle.close();
  }
  const seconds = (performance.now() - started) / 1000;
  if (!folder) {
    output.print(describeImport(summaries[0]!, seconds));
    return 0;
  }
  output.print(describeFolderImport(path, files.length, summaries, failures, seconds));
  return failures.length === 0 ? 0 : 2;
}

function describeProgress(progress: ImportProgress, index: number, files: number, ms: number): string {
  const share = progress.bytesTotal > 0 ? ` ${Math.floor((100 * progress.bytesRead) / progress.bytesTotal)}%` : '';
  const rate = ms > 0 ? `, ${Math.round((progress.messages * 1000) / ms).toLocaleString('en-US')} messages/s` : '';
  const which = files > 1 ? `[${index + 1}/${files}] ` : '';
  return `attune import: ${which}${basename(progress.file)}${share}, ${progress.messages.toLocaleString('en-US')} messages${rate}`;
}

export function describeImport(summary: ImportSummary, seconds?: number): string {
  const took = seconds === undefined ? '' : ` in ${seconds.toFixed(1)} s`;
  const lines = [`attune: imported ${summary.file} (${summary.format})${took}`, ...countLines(summary, summary.added)];
  if (summary.skipped.total > 0) lines.push(`  skipped: ${describeReasons(summary.skipped.reasons)}`);
  lines.push(...noteLines(summary));
  return lines.join('\n');
}

/** One summary for a folder: what all its files held and added, then what needs a person's attention. */
export function describeFolderImport(dir: string, fileCount: number, summaries: readonly ImportSummary[], failures: readonly ImportError[], seconds: number): string {
  const formats = new Map<string, number>();
  for (const summary of summaries) formats.set(summary.format, (formats.get(summary.format) ?? 0) + 1);
  const held = sumCounts(summaries.map((s) => s));
  const added = sumCounts(summaries.map((s) => s.added));
  const reasons: Record<string, number> = {};
  for (const summary of summaries) for (const [reason, n] of Object.entries(summary.skipped.reasons)) reasons[reason] = (reasons[reason] ?? 0) + n;
  const rate = seconds > 0 ? `, ${Math.round(held.posts / seconds).toLocaleString('en-US')} messages/s` : '';
  const lines = [
    `attune: imported ${summaries.length} of ${fileCount} files from ${dir} (${[...formats].sort().map(([format, n]) => `${n} ${format}`).join(', ') || 'none'}) in ${seconds.toFixed(1)} s${rate}`,
    ...countLines(held, added, 'in files:'),
  ];
  if (Object.keys(reasons).length > 0) lines.push(`  skipped: ${describeReasons(reasons)}`);
  for (const summary of summaries) {
    const notes = noteLines(summary);
    if (notes.length > 0) lines.push(`  ${basename(summary.file)}:`, ...notes.map((note) => `  ${note}`));
  }
  if (failures.length > 0) {
    lines.push(`  failed: ${failures.length} file(s), nothing written from them:`);
    for (const failure of failures) lines.push(...failure.message.split('\n').map((line) => `    ${line}`));
  }
  return lines.join('\n');
}

function countLines(held: TableCounts, added: TableCounts, label = 'in file:'): string[] {
  const width = label.length + 1;
  return [
    `  ${label.padEnd(width)}${held.posts} posts, ${held.reactions} reactions, ${held.tallies} reaction counts, ${held.members} members, ${held.channels} channels`,
    `  ${'new:'.padEnd(width)}${added.posts} posts, ${added.reactions} reactions, ${added.tallies} reaction counts, ${added.members} members, ${added.channels} channels, ${added.guilds} guilds`,
  ];
}

function noteLines(summary: ImportSummary): string[] {
  const lines: string[] = [];
  const { invented } = summary;
  if (invented !== undefined) {
    const ids = [invented.guildId && `guild ${invented.guildId}`, invented.channelId && `channel ${invented.channelId}`].filter(Boolean).join(', ');
    const flags = [invented.guildId && `--guild ${invented.guildId}`, invented.channelId && `--channel ${invented.channelId}`].filter(Boolean).join(' ');
    lines.push(`  ids: the file does not carry them, so they were made up: ${ids}. Import more of it into the same place with ${flags}`);
  }
  for (const warning of summary.warnings) lines.push(`  note: ${warning}`);
  return lines;
}

function describeReasons(reasons: Record<string, number>): string {
  return Object.entries(reasons)
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ');
}

function sumCounts(counts: readonly TableCounts[]): TableCounts {
  const total: TableCounts = { guilds: 0, channels: 0, members: 0, posts: 0, reactions: 0, tallies: 0 };
  for (const c of counts) for (const key of Object.keys(total) as (keyof TableCounts)[]) total[key] += c[key];
  return total;
}

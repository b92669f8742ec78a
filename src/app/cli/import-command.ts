import { openDatabase } from '../../db/connection.js';
import { runMigrations } from '../../db/migrate.js';
import { ImportError, importPath, parseOffset, type ImportFormat, type ImportOptions, type ImportSummary } from '../../ingest/import/index.js';

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

/** `attune import <path>`: one transaction; prints what the file held and what was new. */
export function runImport(databasePath: string, path: string, options: ImportCommandOptions): number {
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
  const handle = openDatabase(databasePath);
  try {
    runMigrations(handle.db);
    if (options.guildId) importOptions.guildId = options.guildId;
    if (options.guildName) importOptions.guildName = options.guildName;
    if (options.channelId) importOptions.channelId = options.channelId;
    if (options.channelName) importOptions.channelName = options.channelName;
    const summary = importPath(handle, path, importOptions);
    console.log(describeImport(summary));
    return 0;
  } finally {
    handle.close();
  }
}

export function describeImport(summary: ImportSummary): string {
  const { added } = summary;
  const lines = [
    `attune: imported ${summary.file} (${summary.format})`,
    `  in file: ${summary.posts} posts, ${summary.reactions} reactions, ${summary.tallies} reaction counts, ` +
      `${summary.members} members, ${summary.channels} channels`,
    `  new:     ${added.posts} posts, ${added.reactions} reactions, ${added.tallies} reaction counts, ` +
      `${added.members} members, ${added.channels} channels, ${added.guilds} guilds`,
  ];
  if (summary.skipped.total > 0) {
    const reasons = Object.entries(summary.skipped.reasons).map(([reason, n]) => `${n} ${reason}`);
    lines.push(`  skipped: ${reasons.join(', ')}`);
  }
  for (const warning of summary.warnings) lines.push(`  note: ${warning}`);
  return lines.join('\n');
}

import { openDatabase } from '../db/connection.js';
import { runMigrations } from '../db/migrate.js';
import { importPath, type ImportOptions, type ImportSummary } from '../ingest/import/index.js';

export interface ImportCommandOptions {
  guildId?: string | undefined;
  guildName?: string | undefined;
  channelId?: string | undefined;
  channelName?: string | undefined;
}

/** `attune import <path>`: one transaction; prints what the file held and what was new. */
export function runImport(databasePath: string, path: string, options: ImportCommandOptions): number {
  const handle = openDatabase(databasePath);
  try {
    runMigrations(handle.db);
    const importOptions: ImportOptions = {};
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

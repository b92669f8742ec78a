import { existsSync } from 'node:fs';
import { openDatabase } from '../../db/connection.js';

/**
 * Online backup with SQLite's backup API: consistent even while the bot is writing, unlike copying the file
 * (which would miss the WAL).
 */
export async function backupDatabase(databasePath: string, target: string): Promise<{ pages: number }> {
  if (!existsSync(databasePath)) throw new Error(`no database at ${databasePath}`);
  if (existsSync(target)) throw new Error(`${target} already exists; choose a new file name`);
  const handle = openDatabase(databasePath);
  try {
    const result = await handle.sqlite.backup(target);
    return { pages: result.totalPages };
  } finally {
    handle.close();
  }
}

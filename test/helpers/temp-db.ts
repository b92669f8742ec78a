import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type DatabaseHandle } from '../../src/db/connection.js';
import { runMigrations } from '../../src/db/migrate.js';

export interface TempDb extends DatabaseHandle {
  path: string;
  dir: string;
  /** Closes the connection and removes the files. */
  dispose(): void;
}

/** A real, migrated SQLite file in its own temporary folder: one per test. */
export function createTempDb(): TempDb {
  const dir = mkdtempSync(join(tmpdir(), 'attune-test-'));
  const path = join(dir, 'attune.db');
  const handle = openDatabase(path);
  runMigrations(handle.db);
  return {
    ...handle,
    path,
    dir,
    dispose() {
      handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

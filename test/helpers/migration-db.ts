/**
 * A database at an older schema, for tests of a migration's data step: a temp folder holding the committed
 * migrations up to (not including) the one under test, and a database file beside it, removed after each test.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/connection.js';
import { MIGRATIONS_FOLDER, runMigrations } from '../../src/db/migrate.js';

export interface MigrationDb {
  /** The database handle of the current test. */
  readonly handle: DatabaseHandle;
  /** Applies the committed migrations before the one whose tag ends with `tagEnd`. */
  migrateBefore(tagEnd: string): void;
  /** Applies every committed migration (the one under test included). */
  migrateAll(): void;
}

/** Registers the set-up and teardown of a fresh database per test. */
export function migrationDb(): MigrationDb {
  let dir = '';
  let handle: DatabaseHandle | null = null;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'attune-migration-'));
    handle = openDatabase(join(dir, 'attune.db'));
  });
  afterEach(() => {
    handle?.close();
    handle = null;
    rmSync(dir, { recursive: true, force: true });
  });
  const current = (): DatabaseHandle => {
    if (handle === null) throw new Error('migrationDb: used outside a test');
    return handle;
  };
  return {
    get handle() {
      return current();
    },
    migrateBefore(tagEnd) {
      const folder = join(dir, 'migrations');
      mkdirSync(join(folder, 'meta'), { recursive: true });
      const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
      const index = journal.entries.findIndex((entry) => entry.tag.endsWith(tagEnd));
      if (index < 0) throw new Error(`migrationDb: no migration tag ends with ${tagEnd}`);
      const before = journal.entries.slice(0, index);
      for (const entry of before) cpSync(join(MIGRATIONS_FOLDER, `${entry.tag}.sql`), join(folder, `${entry.tag}.sql`));
      writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: before }));
      runMigrations(current().db, folder);
    },
    migrateAll() {
      runMigrations(current().db);
    },
  };
}

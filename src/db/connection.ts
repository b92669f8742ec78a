import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema.js';

/** The query builder; `$client` is the connection under it (repositories are keyed by it). */
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface DatabaseHandle {
  /** The raw connection, for prepared statements on hot paths, backups and pragmas. */
  sqlite: Database.Database;
  db: Db;
  close(): void;
}

const drizzleInstances = new WeakMap<Database.Database, Db>();

/** The drizzle query builder over a connection: one per connection, shared by openDatabase and every repository. */
export function drizzleOf(sqlite: Database.Database): Db {
  let db = drizzleInstances.get(sqlite);
  if (!db) drizzleInstances.set(sqlite, (db = drizzle(sqlite, { schema })));
  return db;
}

/**
 * Runs `work` in a transaction that takes the write lock as it begins (BEGIN IMMEDIATE). In WAL, a deferred
 * transaction that reads first cannot become a writer once another connection (the ingest worker, a CLI import)
 * has committed since its read began: SQLite answers SQLITE_BUSY_SNAPSHOT at once, without waiting out the busy
 * timeout. An immediate transaction waits for the lock up front instead. Inside another transaction it is a
 * savepoint of that one.
 */
export function inWriteTransaction<T>(sqlite: Database.Database, work: () => T): T {
  return sqlite.transaction(work).immediate();
}

/**
 * Whether a write failed for a lock another connection held (transient: retry the whole transaction). better-sqlite3
 * reports extended result codes, so this covers SQLITE_BUSY_SNAPSHOT (in WAL, a transaction that read before another
 * connection committed cannot upgrade to a write; the busy timeout does not apply) and SQLITE_BUSY_RECOVERY too.
 */
export function isSqliteBusy(error: unknown): boolean {
  if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string') return false;
  return error.code.startsWith('SQLITE_BUSY') || error.code.startsWith('SQLITE_LOCKED');
}

/**
 * Opens (creating if absent) the SQLite database with the settings the bot relies on: WAL so readers never block
 * the ingest writer, foreign keys enforced, and a busy timeout so a concurrent writer (a CLI import, a backup)
 * waits instead of failing with SQLITE_BUSY.
 */
export function openDatabase(path: string, options: { busyTimeoutMs?: number } = {}): DatabaseHandle {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
  // WAL makes NORMAL durable across application crashes; only an OS crash can lose the last commit.
  sqlite.pragma('synchronous = NORMAL');
  // The default 2 MB page cache thrashes once the interaction indexes outgrow it; 64 MB keeps ingest and training
  // reads in memory for guilds with millions of rows.
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  // Checkpointing every 1,000 pages (the default) costs a third of ingest throughput on a busy guild; ~40 MB of WAL
  // between checkpoints is cheap and still bounded.
  sqlite.pragma('wal_autocheckpoint = 10000');
  const db = drizzleOf(sqlite);
  return {
    sqlite,
    db,
    close: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}

/** The health check's question: is the connection open and does it answer a query (a locked or corrupt file throws)? */
export function databaseAnswers(sqlite: Database.Database): boolean {
  if (!sqlite.open) return false;
  sqlite.prepare('SELECT 1').get();
  return true;
}

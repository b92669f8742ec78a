/** Rows of a query: what tests assert on. One reader for every kind of database a test holds. */
import Database from 'better-sqlite3';
import type { RunningBot } from '../../src/app/bot.js';
import type { DatabaseHandle } from '../../src/db/connection.js';

/**
 * A running bot (its own connection: what is committed; wait with eventually() first), an open database handle, or
 * the path of a database another process writes (read on a fresh read-only connection, closed at once).
 */
export type RowSource = RunningBot | DatabaseHandle | string;

export function rows<T = Record<string, unknown>>(source: RowSource, sql: string, ...params: unknown[]): T[] {
  if (typeof source === 'string') {
    const sqlite = new Database(source, { readonly: true, fileMustExist: true });
    try {
      return sqlite.prepare(sql).all(...params) as T[];
    } finally {
      sqlite.close();
    }
  }
  const sqlite = 'writer' in source ? source.database.sqlite : source.sqlite;
  return sqlite.prepare(sql).all(...params) as T[];
}

/**
 * How a repository holds its statements: built once per connection, on first use, and kept as long as the
 * connection lives (a WeakMap, so a closed and dropped connection takes its statements with it). Preparing is the
 * costly part of a small query; a repository prepares each statement once, not once per call.
 */
import type Database from 'better-sqlite3';
import { drizzleOf, type Db } from '../connection.js';

/** A repository factory whose statements are prepared once per connection. */
export function perConnection<T>(prepare: (sqlite: Database.Database, db: Db) => T): (sqlite: Database.Database) => T {
  const repositories = new WeakMap<Database.Database, T>();
  return (sqlite) => {
    let repository = repositories.get(sqlite);
    if (!repository) repositories.set(sqlite, (repository = prepare(sqlite, drizzleOf(sqlite))));
    return repository;
  };
}

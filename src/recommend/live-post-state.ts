/** Deletions since the snapshot: checked on the shortlist only, by primary key. */
import type Database from 'better-sqlite3';
import type { LivePostState } from './pipeline/types.js';

export function databasePostState(sqlite: Database.Database): LivePostState {
  const statement = sqlite
    .prepare(
      `SELECT j.value FROM json_each(?) j LEFT JOIN posts p ON p.id = j.value
        WHERE p.id IS NULL OR p.deleted_at IS NOT NULL`,
    )
    .pluck(true);
  return {
    deletedAmong(postIds) {
      if (postIds.length === 0) return new Set();
      return new Set(statement.all(JSON.stringify(postIds)) as string[]);
    },
  };
}

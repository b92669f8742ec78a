/** Deletions since the snapshot: checked on the shortlist only, by primary key. */
import type Database from 'better-sqlite3';
import { recommendQueries } from '../db/queries/recommend.js';
import type { LivePostState } from './pipeline/types.js';

export function databasePostState(sqlite: Database.Database): LivePostState {
  const queries = recommendQueries(sqlite);
  return { deletedAmong: (postIds) => new Set(queries.deletedAmong(postIds)) };
}

/** Thread knowledge from the database, for checks made without a serving state (digest delivery after a restart). */
import type Database from 'better-sqlite3';
import { recommendQueries } from '../db/queries/recommend.js';
import type { ThreadKnowledge } from './channel-access.js';

export function databaseThreadKnowledge(sqlite: Database.Database, memberId: string): ThreadKnowledge {
  const queries = recommendQueries(sqlite);
  return {
    isPrivate: (threadId) => queries.channelKind(threadId) === 'private_thread',
    hasMember: (threadId) => queries.postedInThread(threadId, memberId),
  };
}

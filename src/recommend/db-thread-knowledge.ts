/** Thread knowledge from the database, for checks made without a serving state (digest delivery after a restart). */
import type Database from 'better-sqlite3';
import type { ThreadKnowledge } from './channel-access.js';

export function databaseThreadKnowledge(sqlite: Database.Database, memberId: string): ThreadKnowledge {
  const kind = sqlite.prepare(`SELECT kind FROM channels WHERE id = ?`).pluck(true);
  const posted = sqlite.prepare(`SELECT 1 FROM posts WHERE thread_id = ? AND author_id = ? AND deleted_at IS NULL LIMIT 1`).pluck(true);
  return {
    isPrivate: (threadId) => kind.get(threadId) === 'private_thread',
    hasMember: (threadId) => posted.get(threadId, memberId) !== undefined,
  };
}

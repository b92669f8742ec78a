/** Thread privacy from what attune recorded, for threads Discord's cache does not hold (archived, or swept). */
import type Database from 'better-sqlite3';
import { recommendQueries } from '../db/queries/recommend.js';
import type { ThreadPrivacy } from './channel-access.js';

export function databaseThreadPrivacy(sqlite: Database.Database): ThreadPrivacy {
  const queries = recommendQueries(sqlite);
  return (threadId) => {
    switch (queries.channelKind(threadId)) {
      case 'private_thread':
        return true;
      case 'public_thread':
      case 'announcement_thread':
        return false;
      default:
        // Not a thread attune knows: fail closed.
        return null;
    }
  };
}

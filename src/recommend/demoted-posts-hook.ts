import type Database from 'better-sqlite3';
import { moderationQueries } from '../db/queries/moderation.js';
import type { ModerationHook, ModerationVerdict } from './pipeline/types.js';

/**
 * Moderation's verdict on a shortlist: a post moderators confirmed low quality (post_demotions, see
 * src/moderation/demotions.ts) is dropped from /recommend and digests. One indexed query per shortlist.
 */
export function demotedPostsHook(sqlite: Database.Database): ModerationHook {
  const queries = moderationQueries(sqlite);
  return {
    verdicts: (guildId, postIds) => new Map(queries.demotedAmong(guildId, postIds).map((id): [string, ModerationVerdict] => [id, 'drop'])),
  };
}

import type Database from 'better-sqlite3';
import type { ModerationHook, ModerationVerdict } from './pipeline/types.js';

/**
 * Moderation's verdict on a shortlist: a post moderators confirmed low quality (post_demotions, see
 * src/moderation/demotions.ts) is dropped from /recommend and digests. One indexed query per shortlist.
 */
export function demotedPostsHook(sqlite: Database.Database): ModerationHook {
  const query = sqlite.prepare(
    `SELECT post_id AS id FROM post_demotions WHERE guild_id = ? AND post_id IN (SELECT value FROM json_each(?))`,
  );
  return {
    verdicts(guildId, postIds) {
      const verdicts = new Map<string, ModerationVerdict>();
      if (postIds.length === 0) return verdicts;
      for (const row of query.all(guildId, JSON.stringify(postIds)) as { id: string }[]) verdicts.set(row.id, 'drop');
      return verdicts;
    },
  };
}

/**
 * Mentions as engagement events: who mentioned whom, when. Shared by the snapshot (events before `at`) and the
 * evaluation target (events in [T, T + horizon)), so both read a mention the same way. Like the member_relations
 * view, it leaves out bots, self-mentions, deleted messages and the ping a reply sends to the replied-to author
 * (the reply already is that engagement).
 */
import type Database from 'better-sqlite3';

export interface MentionEvent {
  /** The mentioning message. */
  message: string;
  member: string;
  mentioned: string;
  at: number;
}

export function mentionEventsBetween(sqlite: Database.Database, guildId: string, from: number, to: number): MentionEvent[] {
  const rows = sqlite
    .prepare(
      `SELECT m.message_id, p.author_id, m.user_id, m.at
         FROM mentions m JOIN posts p ON p.id = m.message_id LEFT JOIN posts t ON t.id = p.reply_to_id
        WHERE m.guild_id = ? AND m.at >= ? AND m.at < ? AND p.deleted_at IS NULL AND p.author_is_bot = 0
          AND m.user_id <> p.author_id AND m.user_id IS NOT COALESCE(p.reply_to_author_id, t.author_id)
          AND NOT EXISTS (SELECT 1 FROM members b WHERE b.guild_id = m.guild_id AND b.user_id = m.user_id AND b.is_bot = 1)
        ORDER BY m.at`,
    )
    .raw(true)
    .all(guildId, from, to) as [string, string, string, number][];
  return rows.map(([message, member, mentioned, at]) => ({ message, member, mentioned, at }));
}

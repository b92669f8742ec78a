/**
 * Mentions as events: who mentioned whom, when, and where (the mentioning message's channel and thread, which the
 * engagement rule needs: a mention engages with the mentioned member's recent message in the same conversation,
 * see engagement.ts). Like the member_relations view, it leaves out bots, self-mentions, deleted messages and the
 * ping a reply sends to the replied-to author (the reply already is that engagement).
 */
import type Database from 'better-sqlite3';

export interface MentionEvent {
  /** The mentioning message. */
  message: string;
  member: string;
  mentioned: string;
  at: number;
  /** The mentioning message's top-level channel and thread (null outside a thread). */
  channelId: string;
  threadId: string | null;
}

/** The mention events of a guild in [@from, @to), optionally only those by `@member`; ordered by time. */
export function mentionEventsSql(byMember: boolean): string {
  return `SELECT p.author_id, m.user_id, m.at, p.channel_id, p.thread_id, m.message_id
         FROM mentions m JOIN posts p ON p.id = m.message_id LEFT JOIN posts t ON t.id = p.reply_to_id
        WHERE m.guild_id = @guild AND m.at >= @from AND m.at < @to AND p.deleted_at IS NULL AND p.author_is_bot = 0
          ${byMember ? 'AND p.author_id = @member' : ''}
          AND m.user_id <> p.author_id AND m.user_id IS NOT COALESCE(p.reply_to_author_id, t.author_id)
          AND NOT EXISTS (SELECT 1 FROM members b WHERE b.guild_id = m.guild_id AND b.user_id = m.user_id AND b.is_bot = 1)
        ORDER BY m.at`;
}

export type MentionRow = [member: string, mentioned: string, at: number, channelId: string, threadId: string | null, message: string];

export function toMentionEvent([member, mentioned, at, channelId, threadId, message]: MentionRow): MentionEvent {
  return { message, member, mentioned, at, channelId, threadId };
}

export function mentionEventsBetween(sqlite: Database.Database, guildId: string, from: number, to: number): MentionEvent[] {
  const rows = sqlite.prepare(mentionEventsSql(false)).raw(true).all({ guild: guildId, from, to }) as MentionRow[];
  return rows.map(toMentionEvent);
}

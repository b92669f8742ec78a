/**
 * What a digest or /recommend line says about a post: its thread's or forum post's name, its stored text and media
 * kinds, and how many replies and reactions it has now. One read for a whole list (the ids as a JSON array).
 */
import { z } from 'zod';
import { MEDIA_KINDS, type MediaKind } from '../schema.js';
import { perConnection } from './per-connection.js';

const mediaSchema = z.array(z.enum(MEDIA_KINDS));

/** The stored JSON, or null when it is absent or not a list of known kinds. */
function parseMedia(json: string | null): MediaKind[] | null {
  if (json === null) return null;
  try {
    const parsed = mediaSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export interface PostPreviewRow {
  id: string;
  /** The thread or forum post the message is in (a thread's name is delivered without the Message Content intent). */
  threadName: string | null;
  /** Whether it is the thread's first message (a forum post's body; Discord gives both the same id). */
  startsThread: boolean;
  content: string | null;
  media: MediaKind[] | null;
  /** Live replies to it; for a thread's first message, the thread's other live messages too. */
  replies: number;
  reactions: number;
}

export const postPreviewQueries = perConnection((sqlite) => {
  const previews = sqlite.prepare<{ guildId: string; ids: string }, Omit<PostPreviewRow, 'media' | 'startsThread'> & { media: string | null; startsThread: number }>(
    `SELECT p.id, t.name AS threadName, p.id = p.thread_id AS startsThread, p.content, p.media,
            (SELECT COUNT(*) FROM posts r WHERE r.reply_to_id = p.id AND r.deleted_at IS NULL)
              + CASE WHEN p.id = p.thread_id
                  THEN (SELECT COUNT(*) FROM posts m WHERE m.thread_id = p.id AND m.id <> p.id AND m.deleted_at IS NULL
                          AND (m.reply_to_id IS NULL OR m.reply_to_id <> p.id))
                  ELSE 0 END AS replies,
            (SELECT COUNT(*) FROM reactions x WHERE x.message_id = p.id) AS reactions
       FROM json_each(@ids) ids
       JOIN posts p ON p.id = ids.value AND p.guild_id = @guildId AND p.deleted_at IS NULL
       LEFT JOIN channels t ON t.id = p.thread_id`,
  );
  return {
    /** Previews of the live posts among `ids` in the guild (deleted or unknown posts have none). */
    previews: (guildId: string, ids: readonly string[]): PostPreviewRow[] =>
      previews.all({ guildId, ids: JSON.stringify(ids) }).map((row) => ({ ...row, startsThread: row.startsThread === 1, media: parseMedia(row.media) })),
  };
});

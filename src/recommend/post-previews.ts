/**
 * What each listed post is about, as plain data for the renderers: the thread or forum post title, the stored text
 * (only where the guild stores it and the admin's snippet setting allows it), attachment and embed kinds, and its
 * reply and reaction counts now.
 */
import type Database from 'better-sqlite3';
import { postPreviewQueries } from '../db/queries/post-previews.js';
import { settingsQueries } from '../db/queries/settings.js';
import type { MediaKind } from '../db/schema.js';

export interface PostPreview {
  /** The thread or forum post it is in. */
  title: string | null;
  /** Whether it is that thread's first message (else a reply in it). */
  startsThread: boolean;
  /** The stored message text, unrendered (the renderer makes a safe one-line snippet of it); null when not shown. */
  text: string | null;
  media: readonly MediaKind[];
  replies: number;
  reactions: number;
}

export type PostPreviews = ReadonlyMap<string, PostPreview>;

export function postPreviews(sqlite: Database.Database, guildId: string, postIds: readonly string[]): PostPreviews {
  if (postIds.length === 0) return new Map();
  const snippets = settingsQueries(sqlite).get(guildId).snippets;
  return new Map(
    postPreviewQueries(sqlite)
      .previews(guildId, postIds)
      .map((row) => [
        row.id,
        { title: row.threadName, startsThread: row.startsThread, text: snippets ? row.content : null, media: row.media ?? [], replies: row.replies, reactions: row.reactions },
      ]),
  );
}

/**
 * Posts created since the serving snapshot was built: the snapshot does not know them, so they are read live (an
 * index range on posts(guild_id, created_at)) and scored by the cold-start scorer. Shared by every request of the
 * guild for `ttlMs`, which bounds how late a new post can appear.
 */
import type Database from 'better-sqlite3';

export interface FreshPost {
  id: string;
  channelId: string;
  threadId: string | null;
  authorId: string;
  authorIsBot: boolean;
  createdAt: number;
}

type FreshRow = [id: string, channelId: string, threadId: string | null, authorId: string, authorIsBot: number, createdAt: number];

export class FreshPosts {
  #loadedAt = -Infinity;
  #posts: FreshPost[] = [];
  readonly #statement: Database.Statement;

  constructor(
    sqlite: Database.Database,
    private readonly guildId: string,
    private readonly since: number,
    private readonly ttlMs: number,
    private readonly limit = 500,
  ) {
    this.#statement = sqlite
      .prepare(
        `SELECT id, channel_id, thread_id, author_id, author_is_bot, created_at FROM posts
          WHERE guild_id = ? AND created_at >= ? AND deleted_at IS NULL ORDER BY created_at DESC LIMIT ?`,
      )
      .raw(true);
  }

  /** Newest first, at most `limit`. */
  list(now: number): readonly FreshPost[] {
    if (now - this.#loadedAt >= this.ttlMs || now < this.#loadedAt) {
      const rows = this.#statement.all(this.guildId, this.since, this.limit) as FreshRow[];
      this.#posts = rows.map(([id, channelId, threadId, authorId, authorIsBot, createdAt]) => ({
        id,
        channelId,
        threadId,
        authorId,
        authorIsBot: authorIsBot === 1,
        createdAt,
      }));
      this.#loadedAt = now;
    }
    return this.#posts;
  }
}

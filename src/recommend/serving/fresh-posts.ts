/**
 * Posts created since the serving snapshot was built: the snapshot does not know them, so they are read live (an
 * index range on posts(guild_id, created_at)) and scored by the cold-start scorer. Shared by every request of the
 * guild for `ttlMs`, which bounds how late a new post can appear.
 */
import type Database from 'better-sqlite3';
import { recommendQueries, type RecommendQueries } from '../../db/queries/recommend.js';

export interface FreshPost {
  id: string;
  channelId: string;
  threadId: string | null;
  authorId: string;
  authorIsBot: boolean;
  createdAt: number;
}

export class FreshPosts {
  #loadedAt = -Infinity;
  #posts: FreshPost[] = [];
  readonly #queries: RecommendQueries;

  constructor(
    sqlite: Database.Database,
    private readonly guildId: string,
    private readonly since: number,
    private readonly ttlMs: number,
    private readonly limit = 500,
  ) {
    this.#queries = recommendQueries(sqlite);
  }

  /** Newest first, at most `limit`. */
  list(now: number): readonly FreshPost[] {
    if (now - this.#loadedAt >= this.ttlMs || now < this.#loadedAt) {
      const rows = this.#queries.freshPosts(this.guildId, this.since, this.limit);
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

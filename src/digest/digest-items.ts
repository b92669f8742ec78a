/** Digest items to and from recommendations. The stored shape (DigestItem) belongs to the schema's JSON columns. */
import type { DigestItem } from '../db/json-types.js';
import type { Recommendation } from '../recommend/pipeline/types.js';

export type { DigestItem };

export function toDigestItems(items: readonly Recommendation[]): DigestItem[] {
  return items.map(({ candidate: c, reason }) => ({
    postId: c.postId,
    channelId: c.channelId,
    threadId: c.threadId,
    authorId: c.authorId,
    createdAt: c.createdAt,
    reason,
  }));
}

export function toRecommendations(guildId: string, items: readonly DigestItem[]): Recommendation[] {
  return items.map((item) => ({
    candidate: {
      postId: item.postId,
      post: -1,
      guildId,
      channelId: item.channelId,
      threadId: item.threadId,
      authorId: item.authorId,
      createdAt: item.createdAt,
      source: 'popular',
      score: 0,
    },
    reason: item.reason,
  }));
}

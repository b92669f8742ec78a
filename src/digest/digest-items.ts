/** What a digest stores per item: enough to re-check permissions and render it later without the serving state. */
import type { Reason, Recommendation } from '../recommend/pipeline/types.js';

export interface DigestItem {
  postId: string;
  channelId: string;
  threadId: string | null;
  authorId: string | null;
  createdAt: number;
  reason: Reason;
}

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

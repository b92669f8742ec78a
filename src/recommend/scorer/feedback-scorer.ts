/** 👍 "more like this" lifts the post's author and channel for this member; 👎 "not for me" lowers them. */
import type { Scorer } from '../pipeline/types.js';

const MORE_AUTHOR = 1.3;
const MORE_CHANNEL = 1.15;
const LESS_AUTHOR = 0.6;
const LESS_CHANNEL = 0.8;

export const feedbackScorer: Scorer = {
  name: 'feedback',
  score(candidates, { member }) {
    if (member.feedback.size === 0) return;
    const author = new Map<string, number>();
    const channel = new Map<string, number>();
    for (const entry of member.feedback.values()) {
      if (entry.kind === 'more') {
        author.set(entry.authorId, (author.get(entry.authorId) ?? 1) * MORE_AUTHOR);
        channel.set(entry.channelId, (channel.get(entry.channelId) ?? 1) * MORE_CHANNEL);
      } else if (entry.kind === 'less') {
        author.set(entry.authorId, (author.get(entry.authorId) ?? 1) * LESS_AUTHOR);
        channel.set(entry.channelId, (channel.get(entry.channelId) ?? 1) * LESS_CHANNEL);
      }
    }
    for (const c of candidates) {
      c.score *= (c.authorId === null ? 1 : (author.get(c.authorId) ?? 1)) * (channel.get(c.channelId) ?? 1);
    }
  },
};

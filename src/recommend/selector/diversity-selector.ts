/**
 * Picks the final list from the scored, filtered candidates: at most `maxChannelShare` of the items from one channel
 * and `maxAuthorShare` from one author (rounded up, at least one), and each further item by an author already picked
 * is discounted multiplicatively (product-mixer's author diversity). The channel cap is lifted when every candidate
 * comes from one channel (a /recommend scoped to a channel, a one-channel server): nothing else could be crowded out.
 */
import type { Candidate } from '../pipeline/types.js';

export interface DiversityOptions {
  maxChannelShare: number;
  maxAuthorShare: number;
  /** Score multiplier per item the author already has in the list. */
  authorDiscount: number;
}

export const DEFAULT_DIVERSITY: DiversityOptions = { maxChannelShare: 0.6, maxAuthorShare: 0.4, authorDiscount: 0.75 };

export function selectDiverse(candidates: readonly Candidate[], count: number, options: DiversityOptions = DEFAULT_DIVERSITY): Candidate[] {
  const singleChannel = candidates.every((c) => c.channelId === candidates[0]?.channelId);
  const channelCap = singleChannel ? count : Math.max(1, Math.ceil(options.maxChannelShare * count));
  const authorCap = Math.max(1, Math.ceil(options.maxAuthorShare * count));
  const perChannel = new Map<string, number>();
  const perAuthor = new Map<string, number>();
  const taken = new Uint8Array(candidates.length);
  const picked: Candidate[] = [];
  while (picked.length < count) {
    let best = -1;
    let bestScore = -Infinity;
    for (let i = 0; i < candidates.length; i++) {
      if (taken[i]) continue;
      const c = candidates[i] as Candidate;
      if ((perChannel.get(c.channelId) ?? 0) >= channelCap) continue;
      const byAuthor = c.authorId === null ? 0 : (perAuthor.get(c.authorId) ?? 0);
      if (byAuthor >= authorCap) continue;
      const adjusted = c.score * Math.pow(options.authorDiscount, byAuthor);
      if (adjusted > bestScore) {
        bestScore = adjusted;
        best = i;
      }
    }
    if (best < 0) break;
    taken[best] = 1;
    const c = candidates[best] as Candidate;
    picked.push(c);
    perChannel.set(c.channelId, (perChannel.get(c.channelId) ?? 0) + 1);
    if (c.authorId !== null) perAuthor.set(c.authorId, (perAuthor.get(c.authorId) ?? 0) + 1);
  }
  return picked;
}

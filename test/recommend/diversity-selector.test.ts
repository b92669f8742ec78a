/** GIVEN scored candidates crowded by one channel or author THEN the selection respects the configured shares. */
import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../src/recommend/pipeline/types.js';
import { selectDiverse } from '../../src/recommend/selector/diversity-selector.js';

const candidate = (postId: string, channelId: string, authorId: string, score: number): Candidate => ({
  postId,
  post: -1,
  guildId: 'g',
  channelId,
  threadId: null,
  authorId,
  createdAt: 0,
  source: 'popular',
  score,
});

describe('selectDiverse', () => {
  it('GIVEN the top scores all in one channel THEN at most the channel share comes from it', () => {
    const pool = [
      ...Array.from({ length: 8 }, (_, i) => candidate(`a${i}`, 'art', `u${i}`, 10 - i)),
      candidate('n1', 'news', 'x', 1),
      candidate('n2', 'news', 'y', 0.5),
    ];
    const picked = selectDiverse(pool, 5, { maxChannelShare: 0.6, maxAuthorShare: 1, authorDiscount: 1 });
    expect(picked.filter((c) => c.channelId === 'art')).toHaveLength(3);
    expect(picked.map((c) => c.postId)).toEqual(['a0', 'a1', 'a2', 'n1', 'n2']);
  });

  it('GIVEN one prolific author THEN their items are capped and discounted', () => {
    const pool = [candidate('p1', 'c1', 'prolific', 10), candidate('p2', 'c2', 'prolific', 9), candidate('p3', 'c3', 'prolific', 8), candidate('o1', 'c4', 'other', 7)];
    const picked = selectDiverse(pool, 3, { maxChannelShare: 1, maxAuthorShare: 0.4, authorDiscount: 0.5 });
    expect(picked.map((c) => c.postId)).toEqual(['p1', 'o1', 'p2']);
  });

  it('GIVEN every candidate in one channel THEN the channel cap does not empty the list', () => {
    const pool = Array.from({ length: 6 }, (_, i) => candidate(`a${i}`, 'only', `u${i}`, 6 - i));
    expect(selectDiverse(pool, 5)).toHaveLength(5);
  });
});

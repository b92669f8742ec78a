import { describe, expect, it } from 'vitest';
import { coverageAtK, ndcgAtK, recallAtK } from '../../../src/model/eval/metrics.js';

describe('ranking metrics', () => {
  const ranked = [5, 3, 9, 1];
  const target = new Set([3, 1, 7]);

  it('GIVEN one of three relevant items in the top 3 THEN recall@3 = 1/3 and NDCG@3 = (1/log2 3) / (1 + 1/log2 3 + 1/2)', () => {
    expect(recallAtK(ranked, target, 3)).toBeCloseTo(1 / 3, 12);
    expect(ndcgAtK(ranked, target, 3)).toBeCloseTo(0.63092975 / 2.13092975, 7);
  });

  it('GIVEN two relevant items at ranks 2 and 4 THEN recall@4 = 2/3 and NDCG@4 = (1/log2 3 + 1/log2 5) / IDCG over 3 items', () => {
    expect(recallAtK(ranked, target, 4)).toBeCloseTo(2 / 3, 12);
    expect(ndcgAtK(ranked, target, 4)).toBeCloseTo((0.63092975 + 0.43067656) / 2.13092975, 7);
  });

  it('GIVEN a perfect ranking THEN NDCG = 1 even when K exceeds the target size', () => {
    expect(ndcgAtK([3, 1, 7, 5], target, 10)).toBeCloseTo(1, 12);
    expect(recallAtK([3, 1, 7, 5], target, 10)).toBe(1);
  });

  it('GIVEN no relevant item in the top K or an empty target THEN 0', () => {
    expect(recallAtK([5, 9], target, 2)).toBe(0);
    expect(ndcgAtK([5, 9], target, 2)).toBe(0);
    expect(recallAtK(ranked, new Set(), 2)).toBe(0);
  });

  it('GIVEN two top lists over five candidates THEN coverage counts distinct shown candidates', () => {
    expect(coverageAtK([[1, 2], [2, 3]], 5, 2)).toBeCloseTo(0.6, 12);
    expect(coverageAtK([[1, 2], [2, 3]], 5, 1)).toBeCloseTo(0.4, 12);
    expect(coverageAtK([], 0, 3)).toBe(0);
  });
});

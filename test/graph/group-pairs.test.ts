import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupPairs } from '../../src/graph/group-pairs.js';

describe('groupPairs', () => {
  it('GIVEN repeated pairs THEN one group per distinct pair, ordered by the first column', () => {
    const g = groupPairs(Int32Array.from([2, 0, 2, 0, 1]), Int32Array.from([5, 3, 5, 4, 3]), 3, 6);
    expect([...g.a]).toEqual([0, 0, 1, 2]);
    expect([...g.b]).toEqual([3, 4, 3, 5]);
    expect([...g.pairOfRow]).toEqual([3, 0, 3, 1, 2]);
  });

  it('GIVEN any pairs THEN rows map to groups holding exactly their pair, and groups are distinct', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(6), fc.nat(6)), { maxLength: 60 }), (rows) => {
        const g = groupPairs(Int32Array.from(rows, (r) => r[0]), Int32Array.from(rows, (r) => r[1]), 7, 7);
        rows.forEach(([a, b], i) => {
          const pair = g.pairOfRow[i]!;
          expect([g.a[pair], g.b[pair]]).toEqual([a, b]);
        });
        expect(new Set([...g.a].map((a, i) => `${a} ${g.b[i]}`)).size).toBe(new Set(rows.map(([a, b]) => `${a} ${b}`)).size);
      }),
    );
  });
});

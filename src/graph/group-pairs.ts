/**
 * Groups (a, b) integer pairs without hashing: a counting sort by `a`, then a dense scratch array indexed by `b`
 * within each group. O(rows + range of a + range of b), and the groups come out ordered by `a` (CSR-friendly).
 * Used to aggregate a million relation events or reactions per pair, where a Map keyed by pair is several times
 * slower.
 */
export interface PairGroups {
  /** Pair index of each row. */
  pairOfRow: Int32Array;
  /** The distinct pairs, ordered by `a`, then by first appearance of `b` within `a`. */
  a: Int32Array;
  b: Int32Array;
}

export function groupPairs(a: Int32Array, b: Int32Array, aRange: number, bRange: number): PairGroups {
  const rows = a.length;
  const start = new Int32Array(aRange + 1);
  for (let i = 0; i < rows; i++) start[(a[i] as number) + 1] = (start[(a[i] as number) + 1] as number) + 1;
  for (let i = 0; i < aRange; i++) start[i + 1] = (start[i + 1] as number) + (start[i] as number);
  const next = start.slice(0, aRange);
  const order = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const group = a[i] as number;
    order[next[group] as number] = i;
    next[group] = (next[group] as number) + 1;
  }

  const scratch = new Int32Array(bRange).fill(-1);
  const pairOfRow = new Int32Array(rows);
  const pairA = new Int32Array(rows);
  const pairB = new Int32Array(rows);
  let pairs = 0;
  for (let group = 0; group < aRange; group++) {
    const from = start[group] as number;
    const to = start[group + 1] as number;
    if (from === to) continue;
    const firstPair = pairs;
    for (let k = from; k < to; k++) {
      const row = order[k] as number;
      const key = b[row] as number;
      let pair = scratch[key] as number;
      if (pair < 0) {
        pair = pairs++;
        scratch[key] = pair;
        pairA[pair] = group;
        pairB[pair] = key;
      }
      pairOfRow[row] = pair;
    }
    for (let p = firstPair; p < pairs; p++) scratch[pairB[p] as number] = -1;
  }
  return { pairOfRow, a: pairA.slice(0, pairs), b: pairB.slice(0, pairs) };
}

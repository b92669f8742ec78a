/**
 * The LightGCN evaluation protocol for one member: rank every item with the member's known items excluded;
 * recall@K = hits / |targets|, NDCG@K with binary relevance and ideal DCG over min(|targets|, K). Used to tune the
 * blend on the holdout and by the Gowalla/LastFM benchmarks. Moved from research/gowalla/common.ts.
 */

/**
 * Top-k positions of `scores` (descending), skipping positions where exclude[i] === mark; ties go to the lower
 * index. Returns how many were written to `out`.
 */
export function topK(
  scores: Float32Array,
  k: number,
  exclude: Int32Array,
  mark: number,
  out: Int32Array,
  outScores: Float64Array,
): number {
  let n = 0;
  let floor = -Infinity;
  for (let i = 0; i < scores.length; i++) {
    if (exclude[i] === mark) continue;
    const s = scores[i]!;
    if (n === k && s <= floor) continue;
    let p = n < k ? n : k - 1;
    while (p > 0 && outScores[p - 1]! < s) {
      outScores[p] = outScores[p - 1]!;
      out[p] = out[p - 1]!;
      p--;
    }
    outScores[p] = s;
    out[p] = i;
    if (n < k) n++;
    floor = n < k ? -Infinity : outScores[n - 1]!;
  }
  return n;
}

/** recall@K and NDCG@K of one ranked list against the positions where testMark[i] === mark. */
export function rankingMetrics(
  ranked: Int32Array,
  n: number,
  testMark: Int32Array,
  mark: number,
  nTest: number,
  k: number,
): { recall: number; ndcg: number } {
  let hits = 0;
  let dcg = 0;
  for (let p = 0; p < Math.min(n, k); p++) {
    if (testMark[ranked[p]!] === mark) {
      hits++;
      dcg += 1 / Math.log2(p + 2);
    }
  }
  let idcg = 0;
  for (let p = 0; p < Math.min(nTest, k); p++) idcg += 1 / Math.log2(p + 2);
  return { recall: nTest > 0 ? hits / nTest : 0, ndcg: idcg > 0 ? dcg / idcg : 0 };
}

/**
 * Top-K over all items with a member's known items excluded, without sorting 40k scores per member (the
 * all-item protocol of the holdout and the Gowalla/LastFM benchmarks; metrics come from src/model/eval/metrics.ts).
 * First written for the Gowalla spike (bench/graph-filter-on-gowalla.md).
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

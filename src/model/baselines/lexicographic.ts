/**
 * Scores that reproduce a lexicographic order exactly: candidates sorted by each key in turn (higher first), then
 * by recency (newer first) and post index (higher first) — the tie-breaks rankCandidates applies to every method —
 * and scored by position (the first gets n, the last 1). A ranker's scores are Float32, which cannot hold a
 * combined key such as "posts in the channel × 10^6 + reactions" exactly; positions below 2^24 can.
 */
export function lexicographicScores(candidates: Int32Array, keys: readonly ArrayLike<number>[], createdAt: Float64Array): Float32Array {
  const n = candidates.length;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => {
    for (const key of keys) {
      const d = (key[b] as number) - (key[a] as number);
      if (d !== 0) return d;
    }
    const pa = candidates[a] as number;
    const pb = candidates[b] as number;
    return (createdAt[pb] as number) - (createdAt[pa] as number) || pb - pa;
  });
  const scores = new Float32Array(n);
  order.forEach((i, rank) => (scores[i] = n - rank));
  return scores;
}

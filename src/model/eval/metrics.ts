/**
 * Ranking metrics with binary relevance, as in the LightGCN evaluation: a ranked list of post indices (best
 * first) against the set of posts the member actually engaged with.
 */

/** |top K ∩ target| / |target|; 0 for an empty target (callers skip such members). */
export function recallAtK(ranked: ArrayLike<number>, target: ReadonlySet<number>, k: number): number {
  if (target.size === 0) return 0;
  return hitsAtK(ranked, target, k) / target.size;
}

/**
 * DCG@K / IDCG@K with gain 1 for a relevant item at rank r (1-based) discounted by 1 / log2(r + 1); the ideal list
 * puts min(K, |target|) relevant items first.
 */
export function ndcgAtK(ranked: ArrayLike<number>, target: ReadonlySet<number>, k: number): number {
  if (target.size === 0) return 0;
  const limit = Math.min(k, ranked.length);
  let dcg = 0;
  for (let r = 0; r < limit; r++) if (target.has(ranked[r] as number)) dcg += 1 / Math.log2(r + 2);
  let idcg = 0;
  for (let r = 0; r < Math.min(k, target.size); r++) idcg += 1 / Math.log2(r + 2);
  return dcg / idcg;
}

/** Fraction of the candidates that appear in at least one of the top-K lists. */
export function coverageAtK(rankings: readonly ArrayLike<number>[], candidateCount: number, k: number): number {
  if (candidateCount === 0) return 0;
  const seen = new Set<number>();
  for (const ranked of rankings) {
    const limit = Math.min(k, ranked.length);
    for (let r = 0; r < limit; r++) seen.add(ranked[r] as number);
  }
  return seen.size / candidateCount;
}

function hitsAtK(ranked: ArrayLike<number>, target: ReadonlySet<number>, k: number): number {
  const limit = Math.min(k, ranked.length);
  let hits = 0;
  for (let r = 0; r < limit; r++) if (target.has(ranked[r] as number)) hits++;
  return hits;
}

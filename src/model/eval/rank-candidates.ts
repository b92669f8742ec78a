/**
 * Turns a method's scores into the ranked list a member would see: candidates the member must not be shown (their
 * own posts, posts they already engaged with) are removed — the same mask for every method, as the live filters
 * will do — then the rest are sorted by score, best first. Ties (common for count-based baselines on fresh posts)
 * go to the newer post, then the higher post index, so every method breaks ties the same deterministic way.
 */
export function rankCandidates(
  candidates: Int32Array,
  scores: Float32Array,
  excluded: ReadonlySet<number> | undefined,
  createdAt: Float64Array,
): number[] {
  const order: number[] = [];
  for (let i = 0; i < candidates.length; i++) if (!excluded?.has(candidates[i] as number)) order.push(i);
  const score = (i: number) => {
    const s = scores[i] as number;
    return Number.isNaN(s) ? -Infinity : s;
  };
  order.sort((a, b) => {
    const d = score(b) - score(a);
    if (d !== 0 && !Number.isNaN(d)) return d;
    const pa = candidates[a] as number;
    const pb = candidates[b] as number;
    return (createdAt[pb] as number) - (createdAt[pa] as number) || pb - pa;
  });
  return order.map((i) => candidates[i] as number);
}

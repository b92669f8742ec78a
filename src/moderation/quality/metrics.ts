/** Area under the ROC curve (Mann–Whitney U, ties counted half): the chance a fine post outscores a low one. */
export function rocAuc(scores: readonly number[], labels: readonly (0 | 1)[]): number {
  const order = scores.map((s, i) => ({ s, y: labels[i] ?? 0 })).sort((a, b) => a.s - b.s);
  let positives = 0;
  let rankSum = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]!.s === order[i]!.s) j += 1;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k += 1) {
      if (order[k]!.y === 1) {
        positives += 1;
        rankSum += averageRank;
      }
    }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** The simple baseline the model must beat: engagement (reactions from others plus replies), higher = better. */
export function engagementHeuristic(reactions: number, replies: number): number {
  return Math.log1p(reactions) + Math.log1p(replies);
}

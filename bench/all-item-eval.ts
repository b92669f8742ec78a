/**
 * All-item evaluation of a bound graph-filter ranker on a public split (LightGCN protocol): every user with ≥ 1 test
 * item, all items ranked, that user's training items excluded; mean recall@K and NDCG@K.
 */
import type { GraphFilterRanker } from '../src/model/graph-filter/scorer.js';
import { topK } from '../src/model/graph-filter/top-k.js';
import { ndcgAtK, recallAtK } from '../src/model/eval/metrics.js';
import type { ImplicitFeedbackSplit } from './implicit-feedback-data.js';

export interface AllItemResult {
  recall: number;
  ndcg: number;
  users: number;
  seconds: number;
}

export async function evaluateAllItems(
  ranker: GraphFilterRanker,
  split: ImplicitFeedbackSplit,
  options: { k: number; batch: number; userStride?: number; onBatch?: (done: number, total: number) => void },
): Promise<AllItemResult> {
  const started = performance.now();
  const users = Int32Array.from(
    Array.from({ length: split.nUsers }, (_, u) => u).filter(
      (u) => split.test[u]!.length > 0 && u % (options.userStride ?? 1) === 0,
    ),
  );
  const { nItems } = split;
  const exclude = new Int32Array(nItems).fill(-1);
  const ranked = new Int32Array(options.k);
  const rankedScores = new Float64Array(options.k);
  let recall = 0;
  let ndcg = 0;
  for (let start = 0; start < users.length; start += options.batch) {
    const batch = users.subarray(start, Math.min(users.length, start + options.batch));
    const scores = ranker.scoreBatch(batch);
    batch.forEach((u, b) => {
      for (const i of split.train[u]!) exclude[i] = u;
      const target = new Set(split.test[u]);
      const n = topK(scores.subarray(b * nItems, (b + 1) * nItems), options.k, exclude, u, ranked, rankedScores);
      recall += recallAtK(ranked.subarray(0, n), target, options.k);
      ndcg += ndcgAtK(ranked.subarray(0, n), target, options.k);
    });
    options.onBatch?.(Math.min(users.length, start + options.batch), users.length);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return {
    recall: recall / users.length,
    ndcg: ndcg / users.length,
    users: users.length,
    seconds: (performance.now() - started) / 1000,
  };
}

export function maxRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

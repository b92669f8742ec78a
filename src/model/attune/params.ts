/** attune's trained parameters: plain data (ids, numbers, typed arrays) that the model registry stores as is. */
import type { AttuneConfig } from './config.js';
import type { LearnedWeights } from './learned-model.js';

export interface AttuneParams {
  format: 'attune/1';
  config: AttuneConfig;
  /** Discord ids of the rows the weights are indexed by (the training snapshot's tables). */
  memberIds: string[];
  postIds: string[];
  channelIds: string[];
  learned: LearnedWeights;
  filter: {
    beta: number;
    coef: number[];
    /** Low-pass rank k actually fitted (0: no low-pass term). */
    rank: number;
    /** Row-major [postIds.length × rank]. */
    lowPass: Float32Array;
  };
  /** λ, the filter's weight in the blend, tuned on the holdout. */
  filterWeight: number;
  /** ρ, the freshness prior's weight added to the blend, tuned on the holdout (absent in older params: 0). */
  freshnessWeight?: number;
  /** What the holdout said (NDCG@K of the chosen blend, filter only, learned only), for the run log. */
  holdout: { members: number; k: number; ndcg: number; ndcgFilterOnly: number; ndcgLearnedOnly: number };
}

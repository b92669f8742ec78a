/** The graph filter model's trained parameters: plain data (ids, numbers, typed arrays) that the model registry stores as is. */
import type { GraphFilterConfig } from './config.js';
import type { LearnedWeights } from './learned-model.js';

/** The method's id in the registry; runs stored before the rename say `attune` (registry.ts reads them as this). */
export const GRAPH_FILTER = 'graph-filter';

export interface GraphFilterParams {
  /** The format id from when the model was called attune: stored parameters keep it, so it is kept. */
  format: 'attune/1';
  config: GraphFilterConfig;
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

/** The signal ranker's trained parameters: plain data the model registry stores as is. */
import type { PriorName, SignalRankerConfig } from './config.js';

export interface SignalRankerParams {
  format: 'signal-ranker/1';
  config: SignalRankerConfig;
  /** Signal names, aligned with `weights` (bind matches by name: a signal added later weighs 0 in older params). */
  signals: string[];
  /** Weight per unit of each signal; a post's score is Σ weight × signal. */
  weights: number[];
  /** `learned`: fitted on this guild's history around `prior`; `prior`: the documented fixed weights of `prior`. */
  source: 'learned' | 'prior';
  prior: PriorName;
  /** The pull towards the prior per list the weights were fitted with (null for a prior). */
  l2: number | null;
  /** How the choice was made, for the run log. */
  training: {
    cuts: number;
    lists: number;
    validationLists: number;
    /** NDCG@K of each prior over every list, best first (empty when there were too few lists to judge). */
    priors: { name: PriorName; ndcg: number }[];
    /** Validation NDCG@K of the weights learned at each pull. */
    learned: { l2: number; ndcg: number }[];
    reason: string;
  };
}

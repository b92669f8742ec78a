/**
 * The ranking methods evaluation and serving choose from. `baselineMethods()` are the yardsticks every training
 * run is judged against; `allMethods()` adds the learned model(s).
 */
import { bprMfMethod } from './baselines/bpr-mf.js';
import { discourseTopMethod, popularityMethod, recencyMethod, redditHotMethod } from './baselines/count-baselines.js';
import { attuneMethod } from './attune/method.js';
import type { RankingMethod } from './ranker.js';

export function baselineMethods(): RankingMethod[] {
  return [
    popularityMethod(),
    recencyMethod(),
    redditHotMethod(),
    discourseTopMethod(),
    bprMfMethod(),
  ];
}

export function allMethods(): RankingMethod[] {
  return [attuneMethod(), ...baselineMethods()];
}

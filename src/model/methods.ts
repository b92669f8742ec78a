/**
 * The ranking methods evaluation and serving choose from. `baselineMethods()` are the yardsticks every training
 * run is judged against — what a member would find alone (their channels, their people, their threads) and
 * what a forum or a starboard shows everyone —; `allMethods()` adds the learned model(s).
 */
import { authorAffinityMethod } from './baselines/author-affinity.js';
import { bprMfMethod } from './baselines/bpr-mf.js';
import { channelAffinityMethod } from './baselines/channel-affinity.js';
import { discourseTopMethod, popularityMethod, recencyMethod, redditHotMethod } from './baselines/count-baselines.js';
import { threadParticipationMethod } from './baselines/thread-participation.js';
import { attuneMethod } from './attune/method.js';
import type { RankingMethod } from './ranker.js';

export function baselineMethods(): RankingMethod[] {
  return [
    popularityMethod(),
    recencyMethod(),
    redditHotMethod(),
    discourseTopMethod(),
    channelAffinityMethod(),
    authorAffinityMethod(),
    threadParticipationMethod(),
    bprMfMethod(),
  ];
}

export function allMethods(): RankingMethod[] {
  return [attuneMethod(), ...baselineMethods()];
}

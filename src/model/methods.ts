/**
 * The ranking methods evaluation, training and serving choose from. `baselineMethods()` are the yardsticks every
 * training run is judged against — what a member would find alone (their channels, their people, their threads) and
 * what a forum or a starboard shows everyone —; `allMethods()` adds the learned candidate (the signal ranker), which
 * serves only where it beats them; `servableMethods()` adds methods a stored run may still name but that are no
 * longer trained (the graph filter model, `attune` in older runs), so those runs keep serving until the next one
 * replaces them.
 */
import { authorAffinityMethod } from './baselines/author-affinity.js';
import { bprMfMethod } from './baselines/bpr-mf.js';
import { channelAffinityMethod } from './baselines/channel-affinity.js';
import { discourseTopMethod, popularityMethod, recencyMethod, redditHotMethod } from './baselines/count-baselines.js';
import { threadParticipationMethod } from './baselines/thread-participation.js';
import { graphFilterMethod } from './graph-filter/method.js';
import type { RankingMethod } from './ranker.js';
import { signalRankerMethod } from './signal-ranker/method.js';

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
  return [signalRankerMethod(), ...baselineMethods()];
}

export function servableMethods(): RankingMethod[] {
  return [...allMethods(), graphFilterMethod()];
}

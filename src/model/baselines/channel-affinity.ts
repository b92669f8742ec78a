/**
 * channel-affinity: the channels a member already reads. Candidates are ranked lexicographically by
 *   1. how often the member posted in the candidate's channel before the snapshot, counting a thread's or forum
 *      post's messages as messages of its parent channel (Discord shows them there: a forum's posts all live in
 *      threads). A candidate in a thread is ranked by its parent channel's count alone; which threads the member is
 *      in is thread-participation's yardstick;
 *   2. the candidate's reactions before the snapshot;
 *   3. recency (newer first).
 * Measured against adding the member's posts in the candidate's own thread (NDCG@10, 6 spread cuts, baselines
 * only): neither wins everywhere — parent alone 0.041 / 0.079 on the Discord forum archive and a generated forum
 * server, 0.131 / 0.096 on se-beer and a generated busy server; with the thread added 0.013 / 0.068 and
 * 0.203 / 0.104 — and the thread signal is thread-participation's, so the two yardsticks stay distinct.
 */
import type { GraphSnapshot } from '../../graph/snapshot.js';
import type { RankingMethod } from '../ranker.js';
import { habitMethod, PairCounts, type HabitKey } from './habit-method.js';
import type { StaticParams } from './static-score.js';

export function channelAffinityMethod(): RankingMethod<StaticParams> {
  return habitMethod('channel-affinity', channelHabits);
}

function channelHabits(snapshot: GraphSnapshot): HabitKey {
  const { author, channel } = snapshot.posts;
  const inChannel = new PairCounts(snapshot.channels.ids.length);
  for (let p = 0; p < author.length; p++) inChannel.add(author[p] as number, channel[p] as number);
  return (member, candidates) => Float64Array.from(candidates, (p) => inChannel.get(member, channel[p] as number));
}

/**
 * channel-affinity: the channels a member already reads. Candidates are ranked lexicographically by
 *   1. how often the member posted in the candidate's channel before the snapshot: their posts in its top-level
 *      channel (that channel's threads and forum posts included), plus — for a candidate in a thread or forum post —
 *      their posts in that thread, so within a channel the threads they post in come first (a forum's posts all
 *      live in threads, so its top-level count is the member's posts anywhere in the forum);
 *   2. the candidate's reactions before the snapshot;
 *   3. recency (newer first).
 */
import type { GraphSnapshot } from '../../graph/snapshot.js';
import type { RankingMethod } from '../ranker.js';
import { habitMethod, PairCounts, type HabitKey } from './habit-method.js';
import type { StaticParams } from './static-score.js';

export function channelAffinityMethod(): RankingMethod<StaticParams> {
  return habitMethod('channel-affinity', channelHabits);
}

function channelHabits(snapshot: GraphSnapshot): HabitKey {
  const { author, channel, thread } = snapshot.posts;
  const channels = snapshot.channels.ids.length;
  const inChannel = new PairCounts(channels);
  const inThread = new PairCounts(channels);
  for (let p = 0; p < author.length; p++) {
    const a = author[p] as number;
    inChannel.add(a, channel[p] as number);
    inThread.add(a, thread[p] as number);
  }
  return (member, candidates) =>
    Float64Array.from(candidates, (p) => inChannel.get(member, channel[p] as number) + inThread.get(member, thread[p] as number));
}

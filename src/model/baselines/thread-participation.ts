/**
 * thread-participation: the conversations a member is already in. Candidates are ranked lexicographically by
 *   1. whether the candidate is in a thread or forum post the member is in before the snapshot: they posted there,
 *      its starter message included (also when a thread was started from their message in the parent channel). A
 *      thread's starter counts as in its thread. Being replied to there needs no separate rule: a Discord reply
 *      stays in its channel, so a member replied to in a thread has posted in it;
 *   2. the candidate's reactions before the snapshot;
 *   3. recency (newer first).
 */
import type { GraphSnapshot } from '../../graph/snapshot.js';
import type { RankingMethod } from '../ranker.js';
import { habitMethod, PairCounts, type HabitKey } from './habit-method.js';
import type { StaticParams } from './static-score.js';

export function threadParticipationMethod(): RankingMethod<StaticParams> {
  return habitMethod('thread-participation', threadHabits);
}

function threadHabits(snapshot: GraphSnapshot): HabitKey {
  const { posts } = snapshot;
  const threadOf = threadOfPost(snapshot);
  const participates = new PairCounts(snapshot.channels.ids.length);
  for (let p = 0; p < posts.ids.length; p++) participates.add(posts.author[p] as number, threadOf(p));
  return (member, candidates) => Float64Array.from(candidates, (p) => (participates.get(member, threadOf(p)) > 0 ? 1 : 0));
}

/** A post's thread: the one it is in, or the one it started from its parent channel (same id, as on Discord); -1. */
function threadOfPost(snapshot: GraphSnapshot): (post: number) => number {
  const { posts, channels } = snapshot;
  const postIndex = new Map<string, number>();
  posts.ids.forEach((id, p) => postIndex.set(id, p));
  const started = new Map<number, number>();
  channels.ids.forEach((id, c) => {
    const p = postIndex.get(id);
    if (p !== undefined && (posts.thread[p] as number) < 0) started.set(p, c);
  });
  return (post) => {
    const thread = posts.thread[post] as number;
    return thread >= 0 ? thread : (started.get(post) ?? -1);
  };
}

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
import { indexThreads } from './threads.js';

export function threadParticipationMethod(): RankingMethod<StaticParams> {
  return habitMethod('thread-participation', threadHabits);
}

function threadHabits(snapshot: GraphSnapshot): HabitKey {
  const { posts } = snapshot;
  const threads = indexThreads(snapshot);
  const participates = new PairCounts(snapshot.channels.ids.length);
  for (let p = 0; p < posts.ids.length; p++) participates.add(posts.author[p] as number, threads.threadOf(p));
  return (member, candidates) => Float64Array.from(candidates, (p) => (participates.get(member, threads.threadOf(p)) > 0 ? 1 : 0));
}

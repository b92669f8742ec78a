/**
 * author-affinity: the people a member already talks with. Candidates are ranked lexicographically by
 *   1. the engagement between the member and the candidate's author before the snapshot, in both directions:
 *      every engagement the snapshot records (src/graph/engagement.ts: a reaction — one per member and post —, a
 *      reply, posting in a thread or forum post the other started — one per member and thread, at their latest post
 *      there —, a mention) by the member with the author's posts and by the author with the member's posts, each
 *      counting 2^(−age / 14 days);
 *   2. the candidate's reactions before the snapshot;
 *   3. recency (newer first).
 */
import { timeDecay } from '../../graph/decay.js';
import { INTERACTION_KINDS, type GraphSnapshot } from '../../graph/snapshot.js';
import type { RankingMethod } from '../ranker.js';
import { habitMethod, PairCounts, type HabitKey } from './habit-method.js';
import type { StaticParams } from './static-score.js';

export const AUTHOR_AFFINITY_HALF_LIFE_MS = 14 * 86_400_000;
const AUTHORED = INTERACTION_KINDS.indexOf('authored');

export function authorAffinityMethod(): RankingMethod<StaticParams> {
  return habitMethod('author-affinity', authorHabits);
}

function authorHabits(snapshot: GraphSnapshot): HabitKey {
  const { interactions, posts } = snapshot;
  const between = new PairCounts(snapshot.members.ids.length);
  for (let e = 0; e < interactions.member.length; e++) {
    if (interactions.kind[e] === AUTHORED) continue;
    const member = interactions.member[e] as number;
    const author = posts.author[interactions.post[e] as number] as number;
    if (author < 0 || author === member) continue;
    const weight = timeDecay(snapshot.at, interactions.at[e] as number, AUTHOR_AFFINITY_HALF_LIFE_MS);
    between.add(member, author, weight);
    between.add(author, member, weight);
  }
  return (member, candidates) => Float64Array.from(candidates, (p) => between.get(member, posts.author[p] as number));
}

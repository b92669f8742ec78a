/**
 * Baselines that need no training: a score computed from each post's public counts and age in the snapshot the
 * ranker is bound to (so a ranker bound to a newer snapshot sees the newer counts). Same ranking for every member.
 */
import type { GraphSnapshot } from '../../graph/snapshot.js';
import type { RankingMethod, Ranker } from '../ranker.js';

/** No parameters: nothing is learned. */
export type StaticParams = Record<string, never>;

export function staticScoreMethod(
  name: string,
  /** Indexes what it needs of the snapshot once (at bind), then scores a post. */
  scorer: (snapshot: GraphSnapshot) => (post: number) => number,
): RankingMethod<StaticParams> {
  return {
    name,
    train: async () => ({}),
    bind(_params, snapshot): Ranker {
      const scoreOf = scorer(snapshot);
      return {
        name,
        score(_member, candidates) {
          const scores = new Float32Array(candidates.length);
          for (let i = 0; i < candidates.length; i++) scores[i] = scoreOf(candidates[i] as number);
          return scores;
        },
        dispose() {},
      };
    },
  };
}

/**
 * Baselines that rank by a member's own habits (where they post, whom they talk with, which threads they are in),
 * then by reactions so far, then by recency: what a member would find on their own. Nothing is trained: a habit
 * index is computed from the snapshot the ranker is bound to (so serving on a newer snapshot sees newer habits),
 * and each candidate is ranked lexicographically by (habit, reactions before the snapshot, creation time).
 */
import type { GraphSnapshot } from '../../graph/snapshot.js';
import type { RankingMethod, Ranker } from '../ranker.js';
import { lexicographicScores } from './lexicographic.js';
import type { StaticParams } from './static-score.js';

/** The member's habit value for each candidate (higher first). */
export type HabitKey = (member: number, candidates: Int32Array) => Float64Array;

export function habitMethod(name: string, indexHabits: (snapshot: GraphSnapshot) => HabitKey): RankingMethod<StaticParams> {
  return {
    name,
    train: async () => ({}),
    bind(_params, snapshot): Ranker {
      const habit = indexHabits(snapshot);
      const { reactionCount, createdAt } = snapshot.posts;
      return {
        name,
        score(member, candidates) {
          const reactions = Float64Array.from(candidates, (p) => reactionCount[p] as number);
          return lexicographicScores(candidates, [habit(member, candidates), reactions], createdAt);
        },
        dispose() {},
      };
    },
  };
}

/** Counts keyed by (a, b) pairs of dense indices. */
export class PairCounts {
  private readonly counts = new Map<number, number>();

  constructor(private readonly bRange: number) {}

  add(a: number, b: number, amount = 1): void {
    if (a < 0 || b < 0) return;
    const key = a * this.bRange + b;
    this.counts.set(key, (this.counts.get(key) ?? 0) + amount);
  }

  get(a: number, b: number): number {
    if (a < 0 || b < 0) return 0;
    return this.counts.get(a * this.bRange + b) ?? 0;
  }
}

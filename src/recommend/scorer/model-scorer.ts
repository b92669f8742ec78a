/**
 * The serving model (the registry's promoted model or best baseline, bound to the snapshot) scores every candidate
 * it knows; scores are rescaled to [0, 1] over the candidates (min-max: order-preserving, linear time; methods
 * score on different scales), the cold-start estimate's scale. Posts newer than the snapshot, and every
 * candidate of a member newer than it, get the cold-start estimate. A ranker that explains itself also says, per
 * post, which signal lifted it most: the explanation turns that into the reason shown.
 */
import type { Scorer } from '../pipeline/types.js';
import { coldStartModel } from './cold-start.js';

export const modelScorer: Scorer = {
  name: 'model',
  score(candidates, { state, member, query }) {
    const known = member.member >= 0 ? candidates.filter((c) => c.post >= 0) : [];
    if (known.length > 0) {
      const posts = Int32Array.from(known, (c) => c.post);
      const raw = state.ranker.score(member.member, posts);
      let min = Infinity;
      let max = -Infinity;
      for (const value of raw) {
        if (value < min) min = value;
        if (value > max) max = value;
      }
      const range = max - min;
      known.forEach((c, i) => (c.score = range > 0 ? ((raw[i] as number) - min) / range : 1));
      // A ranker that can say which signal lifted each post (the signal ranker) gives the reason shown for it.
      if (state.ranker.explain) {
        const reasons = state.ranker.explain(member.member, posts);
        known.forEach((c, i) => (c.modelReason = reasons[i] ?? null));
      }
    }
    const cold = known.length === candidates.length ? null : coldStartModel(state, member);
    if (!cold) return;
    for (const candidate of candidates) {
      if (member.member < 0 || candidate.post < 0) candidate.score = cold.score(candidate, query.now);
    }
  },
};

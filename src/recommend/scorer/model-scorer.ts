/**
 * The serving model (the registry's promoted model or best baseline, bound to the snapshot) scores every candidate
 * it knows; scores are turned into percentiles among the candidates (scores of different methods are on different
 * scales), which puts them on the cold-start estimate's [0, 1] scale. Posts newer than the snapshot, and every
 * candidate of a member newer than it, get the cold-start estimate.
 */
import type { Scorer } from '../pipeline/types.js';
import { coldStartModel } from './cold-start.js';

export const modelScorer: Scorer = {
  name: 'model',
  score(candidates, { state, member, query }) {
    const known = member.member >= 0 ? candidates.filter((c) => c.post >= 0) : [];
    if (known.length > 0) {
      const raw = state.ranker.score(member.member, Int32Array.from(known, (c) => c.post));
      const order = Array.from(known.keys()).sort((a, b) => (raw[a] as number) - (raw[b] as number));
      const denominator = Math.max(1, order.length - 1);
      order.forEach((k, rank) => ((known[k] as (typeof known)[number]).score = order.length === 1 ? 1 : rank / denominator));
    }
    const cold = known.length === candidates.length ? null : coldStartModel(state, member);
    if (!cold) return;
    for (const candidate of candidates) {
      if (member.member < 0 || candidate.post < 0) candidate.score = cold.score(candidate, query.now);
    }
  },
};

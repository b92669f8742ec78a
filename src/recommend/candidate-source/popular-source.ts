/** The guild's most popular posts of the window: what every member gets as a baseline (out-of-network). */
import type { CandidateSource } from '../pipeline/types.js';
import { inScope, snapshotCandidate } from './snapshot-candidate.js';
import { scopeChannelIndex } from './scope.js';

export const popularSource: CandidateSource = {
  name: 'popular',
  fetch({ state, query }, emit) {
    const channelIndex = scopeChannelIndex(state, query);
    if (channelIndex === -2) return;
    let emitted = 0;
    for (let i = 0; i < state.popular.length && emitted < query.perSourceLimit; i++) {
      const p = state.popular[i] as number;
      if (!inScope(state, p, query.since, channelIndex)) continue;
      const candidate = snapshotCandidate(state, p, 'popular');
      if (candidate) {
        emit(candidate);
        emitted++;
      }
    }
  },
};

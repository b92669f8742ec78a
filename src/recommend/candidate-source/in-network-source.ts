/** Recent posts by the people the member interacts with most (in-network), strongest relation first. */
import type { CandidateSource } from '../pipeline/types.js';
import { row } from '../serving/serving-state.js';
import { inScope, snapshotCandidate } from './snapshot-candidate.js';
import { scopeChannelIndex } from './scope.js';

const POSTS_PER_AUTHOR = 8;

export const inNetworkSource: CandidateSource = {
  name: 'in_network',
  fetch({ state, member, query }, emit) {
    if (member.member < 0) return;
    const channelIndex = scopeChannelIndex(state, query);
    if (channelIndex === -2) return;
    let emitted = 0;
    for (const neighbour of row(state.neighbours, member.member)) {
      let fromAuthor = 0;
      for (const p of row(state.byAuthor, neighbour)) {
        if (emitted >= query.perSourceLimit) return;
        if (fromAuthor >= POSTS_PER_AUTHOR) break;
        if (!inScope(state, p, query.since, channelIndex)) continue;
        const candidate = snapshotCandidate(state, p, 'in_network');
        if (candidate) {
          emit(candidate);
          emitted++;
          fromAuthor++;
        }
      }
    }
  },
};

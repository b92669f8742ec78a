/** The most popular recent posts of the channels the member engages with most. */
import type { CandidateSource } from '../pipeline/types.js';
import { row } from '../serving/serving-state.js';
import { inScope, snapshotCandidate } from './snapshot-candidate.js';
import { scopeChannelIndex } from './scope.js';

export const channelAffinitySource: CandidateSource = {
  name: 'channel_affinity',
  fetch({ state, member, query }, emit) {
    if (member.member < 0) return;
    const channelIndex = scopeChannelIndex(state, query);
    if (channelIndex === -2) return;
    const channels = row(state.favouriteChannels, member.member);
    if (channels.length === 0) return;
    const perChannel = Math.max(1, Math.floor(query.perSourceLimit / channels.length));
    for (const channel of channels) {
      if (channelIndex >= 0 && channel !== channelIndex) continue;
      let emitted = 0;
      for (const p of row(state.popularByChannel, channel)) {
        if (emitted >= perChannel) break;
        if (!inScope(state, p, query.since, -1)) continue;
        const candidate = snapshotCandidate(state, p, 'channel_affinity');
        if (candidate) {
          emit(candidate);
          emitted++;
        }
      }
    }
  },
};

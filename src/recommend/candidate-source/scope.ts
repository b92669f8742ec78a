import type { RecommendationQuery } from '../pipeline/types.js';
import type { ServingState } from '../serving/serving-state.js';

/** The snapshot index of the query's channel: -1 for no channel scope, -2 for a channel the snapshot lacks. */
export function scopeChannelIndex(state: ServingState, query: RecommendationQuery): number {
  if (query.channelId === undefined) return -1;
  const index = state.snapshot.channels.ids.indexOf(query.channelId);
  return index < 0 ? -2 : index;
}

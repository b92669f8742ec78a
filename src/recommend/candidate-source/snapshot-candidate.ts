import type { Candidate, CandidateSourceName } from '../pipeline/types.js';
import type { ServingState } from '../serving/serving-state.js';

/** A candidate for snapshot post `p`; null when its channel is unknown (nothing to check permissions against). */
export function snapshotCandidate(state: ServingState, p: number, source: CandidateSourceName): Candidate | null {
  const { posts, channels, members } = state.snapshot;
  const channel = posts.channel[p] as number;
  if (channel < 0) return null;
  const thread = posts.thread[p] as number;
  const author = posts.author[p] as number;
  return {
    postId: posts.ids[p] as string,
    post: p,
    guildId: state.guildId,
    channelId: channels.ids[channel] as string,
    threadId: thread < 0 ? null : (channels.ids[thread] as string),
    authorId: author < 0 ? null : (members.ids[author] as string),
    createdAt: posts.createdAt[p] as number,
    source,
    score: 0,
  };
}

/** Whether snapshot post `p` is inside the query's time and channel scope (cheap pre-check before allocating). */
export function inScope(state: ServingState, p: number, since: number | undefined, channelIndex: number): boolean {
  if (since !== undefined && (state.snapshot.posts.createdAt[p] as number) < since) return false;
  return channelIndex < 0 || state.snapshot.posts.channel[p] === channelIndex;
}

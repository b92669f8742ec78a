/**
 * Cold-start estimate in [0, 1] for what the model cannot score: posts newer than the snapshot, and members newer
 * than it. In order of weight: the channel's popularity among the people the member interacts with, whether the
 * author is one of them, the post's popularity in the guild (or its freshness, for a post the snapshot lacks), and
 * the channel's share of the guild's engagement.
 */
import type { Candidate, MemberContext } from '../pipeline/types.js';
import { row, type ServingState } from '../serving/serving-state.js';

const DAY_MS = 86_400_000;

export interface ColdStartModel {
  score(candidate: Candidate, now: number): number;
}

export function coldStartModel(state: ServingState, member: MemberContext): ColdStartModel {
  const { snapshot } = state;
  const authorWeight = new Map<string, number>();
  const neighbours: number[] = [];
  if (member.member >= 0) {
    const list = row(state.neighbours, member.member);
    const start = state.neighbours.offsets[member.member] as number;
    const top = list.length > 0 ? (state.neighbourStrength[start] as number) : 1;
    list.forEach((n, i) => {
      neighbours.push(n);
      authorWeight.set(snapshot.members.ids[n] as string, (state.neighbourStrength[start + i] as number) / (top || 1));
    });
  }
  for (const authorId of member.authorsEngagedSinceSnapshot) {
    authorWeight.set(authorId, 1);
    const index = state.memberIndex.get(authorId);
    if (index !== undefined) neighbours.push(index);
  }

  // Channel popularity among those people: their favourite channels, weighted.
  const neighbourChannel = new Map<string, number>();
  let maxChannel = 0;
  for (const n of neighbours) {
    const start = state.favouriteChannels.offsets[n] as number;
    const channels = row(state.favouriteChannels, n);
    channels.forEach((channel, i) => {
      const id = snapshot.channels.ids[channel] as string;
      const value = (neighbourChannel.get(id) ?? 0) + (state.favouriteChannelWeight[start + i] as number);
      neighbourChannel.set(id, value);
      if (value > maxChannel) maxChannel = value;
    });
  }
  const channelIndex = new Map(snapshot.channels.ids.map((id, i) => [id, i]));
  let maxShare = 0;
  for (const share of state.channelShare) if (share > maxShare) maxShare = share;

  return {
    score(candidate, now) {
      const social = maxChannel > 0 ? (neighbourChannel.get(candidate.channelId) ?? 0) / maxChannel : 0;
      const author = candidate.authorId === null ? 0 : (authorWeight.get(candidate.authorId) ?? 0);
      const popularity =
        candidate.post >= 0
          ? (state.popularityPct[candidate.post] as number)
          : Math.max(0, 1 - (now - candidate.createdAt) / DAY_MS);
      const index = channelIndex.get(candidate.channelId);
      const share = index === undefined || maxShare === 0 ? 0 : (state.channelShare[index] as number) / maxShare;
      return 0.4 * social + 0.3 * Math.min(1, author) + 0.2 * popularity + 0.1 * share;
    },
  };
}

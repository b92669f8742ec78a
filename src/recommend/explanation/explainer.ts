/**
 * One short, true reason per recommended item, the first that holds in this order: people the member often replies
 * to reacted or replied; people they interact with did; new from someone they often reply to; rising in its channel;
 * from a channel they are active in; how many members reacted; new in its channel. Every count is read from the
 * snapshot the item was scored on, so the sentence is true as of the last refresh — except that members who opted
 * out (or were erased) since then count in no reason at once: they are skipped as people the member replies to and
 * as engagers, and a post they engaged with gets no count-based reason until the next refresh leaves them out.
 */
import type { Candidate, MemberContext, Reason } from '../pipeline/types.js';
import { row, type ServingState } from '../serving/serving-state.js';

/** Replies from the member to someone before we call it "often". */
const OFTEN_REPLIES = 2;
const RISING_MAX_AGE_MS = 48 * 3_600_000;
const RISING_MIN_ENGAGEMENT = 3;
const NEW_FROM_FRIEND_MAX_AGE_MS = 48 * 3_600_000;

export interface Explainer {
  explain(candidate: Candidate): Reason;
}

export function explainerFor(state: ServingState, member: MemberContext, now: number): Explainer {
  const { snapshot } = state;
  const optedOut = new Set<number>();
  for (const id of member.optedOutMembers) {
    const index = state.memberIndex.get(id);
    if (index !== undefined) optedOut.add(index);
  }
  const replies = new Map<number, number>();
  if (member.member >= 0) {
    const start = state.neighbours.offsets[member.member] as number;
    row(state.neighbours, member.member).forEach((n, i) => {
      if (!optedOut.has(n)) replies.set(n, state.neighbourReplies[start + i] as number);
    });
  }
  const engagedByOptedOut = (post: number) => optedOut.size > 0 && row(state.engagers, post).some((engager) => optedOut.has(engager));
  const favourite = new Set(member.member >= 0 ? Array.from(row(state.favouriteChannels, member.member)) : []);
  const channelName = (id: string) => state.channels.get(id)?.name ?? id;

  return {
    explain(c) {
      const channel = { channelId: c.channelId, channelName: channelName(c.channelId) };
      if (c.post >= 0 && replies.size > 0) {
        let often = 0;
        let known = 0;
        const seen = new Set<number>();
        for (const engager of row(state.engagers, c.post)) {
          if (seen.has(engager)) continue;
          seen.add(engager);
          const count = replies.get(engager);
          if (count === undefined) continue;
          known++;
          if (count >= OFTEN_REPLIES) often++;
        }
        if (often > 0) return { kind: 'friends_reacted', count: often };
        if (known > 0) return { kind: 'people_reacted', count: known };
      }
      if (c.authorId !== null && now - c.createdAt <= NEW_FROM_FRIEND_MAX_AGE_MS) {
        const author = state.memberIndex.get(c.authorId);
        if (author !== undefined && (replies.get(author) ?? 0) >= OFTEN_REPLIES) return { kind: 'new_from_friend', authorId: c.authorId };
      }
      if (c.post >= 0) {
        const counted = !engagedByOptedOut(c.post);
        const engagement = (snapshot.posts.reactorCount[c.post] as number) + (snapshot.posts.replyCount[c.post] as number);
        if (counted && engagement >= RISING_MIN_ENGAGEMENT && now - c.createdAt <= RISING_MAX_AGE_MS) return { kind: 'rising', count: engagement, ...channel };
        const channelIndex = snapshot.posts.channel[c.post] as number;
        if (favourite.has(channelIndex)) return { kind: 'active_channel', ...channel };
        const reactors = snapshot.posts.reactorCount[c.post] as number;
        if (counted && reactors > 0) return { kind: 'popular', count: reactors, ...channel };
      }
      return { kind: 'new_in_channel', ...channel };
    },
  };
}

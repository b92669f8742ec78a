/**
 * One short, true reason per recommended item.
 *
 * When the serving ranker explains itself (the signal ranker: candidate.modelReason), the reason is the signal that
 * contributed most to lifting the post above the member's other candidates, stated with facts read from the same
 * snapshot: "3 of the people you talk with most engaged with it", "people who engage with what you engage with
 * took part", "a reply to your post", "in a thread you take
 * part in", "from @x, someone you talk with", "from #channel, where you are active", rising or popular with the
 * snapshot's counts, or new in its channel. A model reason whose fact does not hold in the snapshot (a count of 0,
 * an author unknown to it) is not stated; the rules below give the reason instead.
 *
 * Otherwise (baselines, posts newer than the snapshot, new members) the first rule that holds, in this order:
 * people the member often replies to reacted or replied (the reason says which: a reply is not a reaction); people
 * they interact with did; new from someone they
 * often reply to; rising in its channel; from a channel they are active in; how many members reacted; new in its
 * channel. Every count is read from the snapshot the item was scored on, so the sentence is true as of the last
 * refresh — except that members who opted out (or were erased) since then count in no reason at once: they
 * are skipped as people the member replies to and as engagers, and a post they engaged with gets no count-based
 * reason (the model's included) until the next refresh leaves them out.
 */
import type { RankingReason } from '../../model/ranker.js';
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

  const byRules = (c: Candidate): Reason => {
    const channel = { channelId: c.channelId, channelName: channelName(c.channelId) };
    if (c.post >= 0 && replies.size > 0) {
      const often = new Engagement();
      const known = new Engagement();
      const start = state.engagers.offsets[c.post] as number;
      row(state.engagers, c.post).forEach((engager, i) => {
        const count = replies.get(engager);
        if (count === undefined) return;
        const replied = state.engagerReplied[start + i] === 1;
        known.add(engager, replied);
        if (count >= OFTEN_REPLIES) often.add(engager, replied);
      });
      if (often.size > 0) return { kind: often.kind('friends'), count: often.size };
      if (known.size > 0) return { kind: known.kind('people'), count: known.size };
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
  };

  /** The model's reason with its facts, or null when a fact it needs does not hold in the snapshot. */
  const fromModel = (c: Candidate, reason: RankingReason): Reason | null => {
    const channel = { channelId: c.channelId, channelName: channelName(c.channelId) };
    // Counts that include a member who has since opted out are not stated; the rules find a reason without them.
    const countsAboutOthers = reason.kind === 'social' || reason.kind === 'similar' || reason.kind === 'rising' || reason.kind === 'popular';
    if (countsAboutOthers && engagedByOptedOut(c.post)) return null;
    switch (reason.kind) {
      case 'social':
        return reason.count !== undefined && reason.count > 0 ? { kind: 'circle_engaged', count: reason.count } : null;
      case 'similar':
        return { kind: 'similar_people' };
      case 'channel':
        return { kind: 'active_channel', ...channel };
      case 'thread':
        return { kind: 'your_thread', ...channel };
      case 'replied_to_you':
        return { kind: 'replied_to_you' };
      case 'mentioned_you':
        return { kind: 'mentions_you' };
      case 'author':
        return c.authorId === null ? null : { kind: 'from_person', authorId: c.authorId };
      case 'rising': {
        const engagement = (snapshot.posts.reactorCount[c.post] as number) + (snapshot.posts.replyCount[c.post] as number);
        return engagement > 0 ? { kind: 'rising', count: engagement, ...channel } : null;
      }
      case 'popular': {
        const reactors = snapshot.posts.reactorCount[c.post] as number;
        return reactors > 0 ? { kind: 'popular', count: reactors, ...channel } : null;
      }
      case 'fresh':
        return { kind: 'new_in_channel', ...channel };
    }
  };

  return {
    explain(c) {
      const model = c.post >= 0 && member.member >= 0 && c.modelReason ? fromModel(c, c.modelReason) : null;
      return model ?? byRules(c);
    },
  };
}

/** Who engaged with a post, and whether by reactions, replies or both: the reason names what actually happened. */
class Engagement {
  readonly #members = new Set<number>();
  #reacted = false;
  #replied = false;

  add(member: number, replied: boolean): void {
    this.#members.add(member);
    if (replied) this.#replied = true;
    else this.#reacted = true;
  }

  get size(): number {
    return this.#members.size;
  }

  kind<P extends 'friends' | 'people'>(who: P): `${P}_${'reacted' | 'replied' | 'engaged'}` {
    return `${who}_${this.#reacted && this.#replied ? 'engaged' : this.#replied ? 'replied' : 'reacted'}`;
  }
}

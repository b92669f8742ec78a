/**
 * The content-free member × candidate signals the ranker weighs, all read from events strictly before a time T
 * (a training cut inside the snapshot's history, or the snapshot's own time when serving):
 *
 * - where the member spends their attention: decayed activity (posts written, reactions given) in the candidate's
 *   channel (top-level channel, which for a forum post is the forum) at three time scales — the conversation now (hours), this week (days), their
 *   home over months — and its share of all they do; their activity in the candidate's thread, and whether they
 *   posted there;
 * - the candidate addresses the member: it replies to one of their posts, or mentions them;
 * - the relation between the member and the candidate's author, by kind and direction (the member replied to,
 *   mentioned, reacted to, posted in a thread of the author, and the author did so to the member), thread
 *   co-participation, and how much they exchanged in the last hours;
 * - social proof: how many of the member's strongest relations already engaged with the candidate; and the graph
 *   filter's score (the linear closed-form filter of src/model/graph-filter, x·R̃ᵀR̃ over the engagement graph
 *   before T): engagement with the candidate by members who engaged with the same posts as the member, each
 *   weighted by how much they share, normalised by degrees;
 * - the candidate itself: engagement so far (engagers, replies, reactors), its heat (recent engagement), freshness,
 *   how many posts came after it in its channel or thread (a buried message gets fewer answers), whether it starts
 *   a thread; its author's recent activity, how their posts are received, and moderation's quality verdicts.
 *
 * Every count enters as log(1 + x): a member who posts all day should not drown one who posts once a week, and the
 * difference between 0 and 1 matters more than between 40 and 41. Time scales are fixed, documented choices (not
 * fitted): a conversation lasts hours, a week is the digest's horizon, a month is how long a relation is kept.
 */
import type { GraphSnapshot } from '../../graph/snapshot.js';
import type { RankingReason } from '../ranker.js';
import { EVENT_KIND, firstAtOrAfter, type EventIndex } from './event-index.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Half-lives of the decayed sums (ms). The long ones (a member's home channels, relations) are the snapshot's
 * history half-life (SnapshotOptions.relationHalfLifeMs, 30 days by default), so what came before the snapshot's post
 * window continues them exactly; what came before it at the shorter scales weighs nothing by then.
 */
export const HALF_LIFE = {
  channelNow: 4 * HOUR,
  channelDays: 3 * DAY,
  thread: 3 * DAY,
  relationNow: 12 * HOUR,
  heat: 6 * HOUR,
  author: 14 * DAY,
} as const;

/** How a signal reads to a member when it is the main reason a post was picked (src/recommend/explanation). */
export type SignalReason = RankingReason['kind'];

export interface SignalDefinition {
  name: string;
  /** null: never shown as a reason (it ranks, but "because the author posts a lot" is not a reason to read). */
  reason: SignalReason | null;
}

export const SIGNALS = [
  { name: 'channel_now', reason: 'channel' },
  { name: 'channel_days', reason: 'channel' },
  { name: 'channel_months', reason: 'channel' },
  { name: 'channel_share', reason: 'channel' },
  { name: 'thread_activity', reason: 'thread' },
  { name: 'thread_joined', reason: 'thread' },
  { name: 'replies_to_member', reason: 'replied_to_you' },
  { name: 'mentions_member', reason: 'mentioned_you' },
  { name: 'member_replied_to_author', reason: 'author' },
  { name: 'member_mentioned_author', reason: 'author' },
  { name: 'member_reacted_to_author', reason: 'author' },
  { name: 'member_joined_author_threads', reason: 'author' },
  { name: 'author_replied_to_member', reason: 'author' },
  { name: 'author_mentioned_member', reason: 'author' },
  { name: 'author_reacted_to_member', reason: 'author' },
  { name: 'author_joined_member_threads', reason: 'author' },
  { name: 'co_thread_with_author', reason: 'author' },
  { name: 'talking_with_author_now', reason: 'author' },
  { name: 'social_proof', reason: 'social' },
  { name: 'graph_filter', reason: 'similar' },
  { name: 'engagers', reason: 'popular' },
  { name: 'replies', reason: 'popular' },
  { name: 'reactors', reason: 'popular' },
  { name: 'heat', reason: 'rising' },
  { name: 'freshness', reason: 'fresh' },
  { name: 'buried', reason: null },
  { name: 'thread_starter', reason: null },
  { name: 'author_activity', reason: null },
  { name: 'author_reception', reason: null },
  { name: 'author_quality', reason: null },
] as const satisfies readonly SignalDefinition[];

export type SignalName = (typeof SIGNALS)[number]['name'];
export const SIGNAL_COUNT = SIGNALS.length;
export const SIGNAL_INDEX = Object.fromEntries(SIGNALS.map((s, i) => [s.name, i])) as Record<SignalName, number>;

/** Signals that depend on the post alone (same for every member), in SIGNALS order from `engagers` on. */
const POST_SIGNALS_FROM = SIGNAL_INDEX.engagers;
export const POST_SIGNAL_COUNT = SIGNAL_COUNT - POST_SIGNALS_FROM;
/** Relation kinds per direction: reaction, reply, mention, thread (the EVENT_KIND codes 1–4). */
const RELATION_KINDS = 4;
/** Column of each engagement kind in the relation signals (SIGNALS order: reply, mention, reaction, thread). */
const RELATION_COLUMN: Record<number, number> = { [EVENT_KIND.reply]: 0, [EVENT_KIND.mention]: 1, [EVENT_KIND.reaction]: 2, [EVENT_KIND.thread]: 3 };

/** Bounds that keep one member's profile linear in what they did, whatever the size of the threads they are in. */
export interface ProfileBounds {
  /** Strongest relations whose engagement counts as social proof. */
  socialRelations: number;
  /** Latest threads of the member scanned for co-participants. */
  coThreads: number;
  /** Latest posts of each such thread read for co-participants. */
  coThreadPosts: number;
}

export const DEFAULT_PROFILE_BOUNDS: ProfileBounds = { socialRelations: 16, coThreads: 64, coThreadPosts: 50 };

const decay = (age: number, halfLife: number) => Math.exp((-Math.LN2 * Math.max(0, age)) / halfLife);
/** Columns of the snapshot's relation kinds (reply, mention, reaction, co_thread) in RelationEdges.history. */
const HISTORY_KINDS = 4;
const HISTORY_CO_THREAD = 3;

/**
 * Post signals at time T for the given posts, row-major [posts.length × POST_SIGNAL_COUNT] (SIGNALS order from
 * `engagers` on).
 */
export function postSignals(index: EventIndex, posts: Int32Array, at: number): Float32Array {
  const { snapshot, byPost, byHome, byActor, byRecipient, threadStarter } = index;
  const out = new Float32Array(posts.length * POST_SIGNAL_COUNT);
  const seen = new Map<number, number>();
  const authorCache = new Map<number, [number, number, number]>();
  posts.forEach((p, i) => {
    const row = out.subarray(i * POST_SIGNAL_COUNT, (i + 1) * POST_SIGNAL_COUNT);
    const from = byPost.offsets[p] as number;
    const to = firstAtOrAfter(byPost.at, from, byPost.offsets[p + 1] as number, at);
    seen.clear();
    let replies = 0;
    let reactors = 0;
    let heat = 0;
    for (let e = from; e < to; e++) {
      seen.set(byPost.other[e] as number, 1);
      const kind = byPost.kind[e];
      if (kind === EVENT_KIND.reply) replies++;
      else if (kind === EVENT_KIND.reaction) reactors++;
      heat += decay(at - (byPost.at[e] as number), HALF_LIFE.heat);
    }
    const created = snapshot.posts.createdAt[p] as number;
    const home = homeIndex(snapshot, p);
    const homeFrom = byHome.offsets[home] as number;
    const homeTo = byHome.offsets[home + 1] as number;
    const later = firstAtOrAfter(byHome.at, homeFrom, homeTo, at) - firstAtOrAfter(byHome.at, homeFrom, homeTo, created + 0.5);
    const thread = snapshot.posts.thread[p] as number;
    const author = snapshot.posts.author[p] as number;
    let authorSignals = authorCache.get(author);
    if (!authorSignals) authorCache.set(author, (authorSignals = authorAt(snapshot, byActor, byRecipient, author, at)));
    row[0] = Math.log1p(seen.size);
    row[1] = Math.log1p(replies);
    row[2] = Math.log1p(reactors);
    row[3] = Math.log1p(heat);
    row[4] = Number.isFinite(created) ? -Math.log1p(Math.max(0, at - created) / HOUR) : 0;
    row[5] = Math.log1p(Math.max(0, later));
    row[6] = thread >= 0 && threadStarter[thread] === p ? 1 : 0;
    row[7] = authorSignals[0];
    row[8] = authorSignals[1];
    row[9] = authorSignals[2];
  });
  return out;
}

function homeIndex(snapshot: GraphSnapshot, p: number): number {
  const thread = snapshot.posts.thread[p] as number;
  return thread >= 0 ? thread : (snapshot.posts.channel[p] as number);
}

/** [activity, reception, quality − ½] of an author at T (zeros for an unknown author). */
function authorAt(
  snapshot: GraphSnapshot,
  byActor: EventIndex['byActor'],
  byRecipient: EventIndex['byRecipient'],
  author: number,
  at: number,
): [number, number, number] {
  if (author < 0) return [0, 0, 0];
  let posted = 0;
  let qualitySum = 0;
  let qualityCount = 0;
  const from = byActor.offsets[author] as number;
  const to = firstAtOrAfter(byActor.at, from, byActor.offsets[author + 1] as number, at);
  for (let e = from; e < to; e++) {
    if (byActor.kind[e] !== EVENT_KIND.authored) continue;
    posted += decay(at - (byActor.at[e] as number), HALF_LIFE.author);
    const quality = snapshot.posts.quality[byActor.other[e] as number] as number;
    if (!Number.isNaN(quality)) {
      qualitySum += quality;
      qualityCount++;
    }
  }
  let received = 0;
  const rFrom = byRecipient.offsets[author] as number;
  const rTo = firstAtOrAfter(byRecipient.at, rFrom, byRecipient.offsets[author + 1] as number, at);
  for (let e = rFrom; e < rTo; e++) received += decay(at - (byRecipient.at[e] as number), HALF_LIFE.author);
  return [Math.log1p(posted), Math.log1p(received / (1 + posted)), qualityCount > 0 ? qualitySum / qualityCount - 0.5 : 0];
}

/**
 * One member's view of the guild at time T: decayed activity per channel and thread, relations with every other
 * member by kind and direction, and their strongest relations. Buffers are sized once per snapshot and reused
 * member after member (only what a member touched is cleared), so a profile costs what the member did, not the
 * size of the guild.
 */
export class MemberProfile {
  member = -1;
  at = Number.NaN;
  private readonly channel: Float64Array;
  private channelTotal = 0;
  private readonly thread: Float64Array;
  private readonly joined: Uint8Array;
  private readonly touchedChannels: number[] = [];
  private readonly touchedThreads: number[] = [];
  private readonly relationOut: Float32Array;
  private readonly relationIn: Float32Array;
  private readonly coThread: Float32Array;
  private readonly now: Float32Array;
  private readonly touchedMembers: number[] = [];
  private readonly touched: Uint8Array;
  /** Graph filter: per member, Σ over posts both engaged with of R̃ (members who engage like this one). */
  private readonly alike: Float32Array;
  private readonly touchedAlike: number[] = [];
  /** Engagement degree at T of members met while computing `alike` (Map: they are few). */
  private readonly degreeAt = new Map<number, number>();
  /** The strongest relations, strongest first. */
  strongest: number[] = [];

  /** The snapshot's history half-life: home channels and relations. */
  private readonly longHalfLife: number;

  constructor(
    private readonly index: EventIndex,
    private readonly bounds: ProfileBounds = DEFAULT_PROFILE_BOUNDS,
  ) {
    this.longHalfLife = index.snapshot.history.halfLifeMs;
    const nChannels = index.snapshot.channels.ids.length;
    const nMembers = index.snapshot.members.ids.length;
    this.channel = new Float64Array(nChannels * 3);
    this.thread = new Float64Array(nChannels);
    this.joined = new Uint8Array(nChannels);
    this.relationOut = new Float32Array(nMembers * RELATION_KINDS);
    this.relationIn = new Float32Array(nMembers * RELATION_KINDS);
    this.coThread = new Float32Array(nMembers);
    this.now = new Float32Array(nMembers);
    this.touched = new Uint8Array(nMembers);
    this.alike = new Float32Array(nMembers);
  }

  /** Recomputes the profile for `member` at time `at` (a no-op when it already is). */
  load(member: number, at: number): this {
    if (member === this.member && at === this.at) return this;
    this.clear();
    this.member = member;
    this.at = at;
    if (member < 0) return this;
    const { snapshot, byActor, byRecipient } = this.index;
    const { posts } = snapshot;
    const from = byActor.offsets[member] as number;
    const to = firstAtOrAfter(byActor.at, from, byActor.offsets[member + 1] as number, at);
    const threads: number[] = [];
    for (let e = to - 1; e >= from; e--) {
      const p = byActor.other[e] as number;
      const age = at - (byActor.at[e] as number);
      const kind = byActor.kind[e] as number;
      // Activity in a channel or thread is what the member wrote there and reacted to there (a reply or a thread
      // post is already a post there; a mention points at a post that may be anywhere).
      const activity = kind === EVENT_KIND.authored || kind === EVENT_KIND.reaction;
      const c = activity ? (posts.channel[p] as number) : -1;
      if (c >= 0) {
        if (this.channel[c * 3 + 2] === 0 && this.channel[c * 3] === 0) this.touchedChannels.push(c);
        this.channel[c * 3] = (this.channel[c * 3] as number) + decay(age, HALF_LIFE.channelNow);
        this.channel[c * 3 + 1] = (this.channel[c * 3 + 1] as number) + decay(age, HALF_LIFE.channelDays);
        const long = decay(age, this.longHalfLife);
        this.channel[c * 3 + 2] = (this.channel[c * 3 + 2] as number) + long;
        this.channelTotal += long;
      }
      const t = activity ? (posts.thread[p] as number) : -1;
      if (t >= 0) {
        if (this.thread[t] === 0 && this.joined[t] === 0) this.touchedThreads.push(t);
        this.thread[t] = (this.thread[t] as number) + decay(age, HALF_LIFE.thread);
        if (kind === EVENT_KIND.authored && this.joined[t] === 0) {
          this.joined[t] = 1;
          if (threads.length < this.bounds.coThreads) threads.push(t);
        }
      }
      if (kind !== EVENT_KIND.authored) {
        const author = posts.author[p] as number;
        if (author >= 0 && author !== member) this.addRelation(this.relationOut, author, kind, age);
      }
    }
    const rFrom = byRecipient.offsets[member] as number;
    const rTo = firstAtOrAfter(byRecipient.at, rFrom, byRecipient.offsets[member + 1] as number, at);
    for (let e = rFrom; e < rTo; e++) {
      this.addRelation(this.relationIn, byRecipient.other[e] as number, byRecipient.kind[e] as number, at - (byRecipient.at[e] as number));
    }
    this.addCoParticipants(threads, at);
    this.addHistory(member, at);
    this.addAlike(member, at);
    this.findStrongest();
    return this;
  }

  /** A member's engagement degree at T (engagement events before T), memoised for this profile. */
  private degree(member: number): number {
    let d = this.degreeAt.get(member);
    if (d === undefined) {
      const { byActor } = this.index;
      const start = byActor.offsets[member] as number;
      const end = firstAtOrAfter(byActor.at, start, byActor.offsets[member + 1] as number, this.at);
      d = (this.index.engagementsBefore[end] as number) - (this.index.engagementsBefore[start] as number);
      this.degreeAt.set(member, d);
    }
    return d;
  }

  /** u = R̃ x over the member's engagements before T: the first half of the graph filter x·R̃ᵀR̃. */
  private addAlike(member: number, at: number): void {
    const { byActor, byPost } = this.index;
    const from = byActor.offsets[member] as number;
    const to = firstAtOrAfter(byActor.at, from, byActor.offsets[member + 1] as number, at);
    for (let e = from; e < to; e++) {
      if (byActor.kind[e] === EVENT_KIND.authored) continue;
      const post = byActor.other[e] as number;
      const start = byPost.offsets[post] as number;
      const end = firstAtOrAfter(byPost.at, start, byPost.offsets[post + 1] as number, at);
      const postNorm = 1 / Math.sqrt(end - start);
      for (let q = start; q < end; q++) {
        const other = byPost.other[q] as number;
        if (this.alike[other] === 0) this.touchedAlike.push(other);
        this.alike[other] = (this.alike[other] as number) + postNorm / Math.sqrt(this.degree(other));
      }
    }
  }

  /** Per candidate, the graph filter's score: Σ over its engagers before T of R̃ · u. */
  graphFilter(candidates: Int32Array): Float32Array {
    const out = new Float32Array(candidates.length);
    if (this.touchedAlike.length === 0) return out;
    const { byPost } = this.index;
    candidates.forEach((p, i) => {
      const start = byPost.offsets[p] as number;
      const end = firstAtOrAfter(byPost.at, start, byPost.offsets[p + 1] as number, this.at);
      if (end === start) return;
      let sum = 0;
      for (let q = start; q < end; q++) {
        const other = byPost.other[q] as number;
        const u = this.alike[other] as number;
        if (u > 0) sum += u / Math.sqrt(this.degree(other));
      }
      out[i] = sum / Math.sqrt(end - start);
    });
    return out;
  }

  /** What came before the post window, decayed on to T (the snapshot's history; nothing for a small guild). */
  private addHistory(member: number, at: number): void {
    const { snapshot, history } = this.index;
    const from = snapshot.history.postsFrom;
    if (!(from > -Infinity) || at < from) return;
    const scale = decay(at - from, this.longHalfLife);
    const { channels } = snapshot.history;
    for (let r = history.channelsOf[member] as number; r < (history.channelsOf[member + 1] as number); r++) {
      const c = channels.channel[r] as number;
      if (this.channel[c * 3 + 2] === 0 && this.channel[c * 3] === 0) this.touchedChannels.push(c);
      const weight = (channels.weight[r] as number) * scale;
      this.channel[c * 3 + 2] = (this.channel[c * 3 + 2] as number) + weight;
      this.channelTotal += weight;
    }
    const { relations } = snapshot;
    const add = (table: Float32Array, pair: number, other: number, withCoThread: boolean) => {
      let any = false;
      for (let k = 0; k < HISTORY_KINDS; k++) {
        const weight = (relations.history[pair * HISTORY_KINDS + k] as number) * scale;
        if (weight === 0) continue;
        any = true;
        if (k === HISTORY_CO_THREAD) {
          if (withCoThread) this.coThread[other] = (this.coThread[other] as number) + weight;
        } else table[other * RELATION_KINDS + k] = (table[other * RELATION_KINDS + k] as number) + weight;
      }
      if (any) this.touch(other);
    };
    for (let pair = history.relationsFrom[member] as number; pair < (history.relationsFrom[member + 1] as number); pair++) {
      add(this.relationOut, pair, relations.to[pair] as number, true);
    }
    const incoming = history.relationsTo;
    for (let i = incoming.offsets[member] as number; i < (incoming.offsets[member + 1] as number); i++) {
      const pair = incoming.pair[i] as number;
      // Co-participation is stored both ways: counted once, from the member's side above.
      add(this.relationIn, pair, relations.from[pair] as number, false);
    }
  }

  private addRelation(table: Float32Array, other: number, kind: number, age: number): void {
    const column = RELATION_COLUMN[kind];
    if (column === undefined) return;
    this.touch(other);
    table[other * RELATION_KINDS + column] = (table[other * RELATION_KINDS + column] as number) + decay(age, this.longHalfLife);
    this.now[other] = (this.now[other] as number) + decay(age, HALF_LIFE.relationNow);
  }

  /** Who else posted in the member's latest threads (their latest posts before T), decayed by when. */
  private addCoParticipants(threads: number[], at: number): void {
    const { byHome, snapshot } = this.index;
    for (const t of threads) {
      const from = byHome.offsets[t] as number;
      const to = firstAtOrAfter(byHome.at, from, byHome.offsets[t + 1] as number, at);
      for (let q = to - 1; q >= Math.max(from, to - this.bounds.coThreadPosts); q--) {
        const author = snapshot.posts.author[byHome.post[q] as number] as number;
        if (author < 0 || author === this.member) continue;
        this.touch(author);
        this.coThread[author] = (this.coThread[author] as number) + decay(at - (byHome.at[q] as number), this.longHalfLife);
      }
    }
  }

  private touch(other: number): void {
    if (this.touched[other] === 0) {
      this.touched[other] = 1;
      this.touchedMembers.push(other);
    }
  }

  /** Total decayed relation weight with `other`, both directions and co-participation. */
  relationWeight(other: number): number {
    let sum = (this.coThread[other] as number) + 0;
    for (let k = 0; k < RELATION_KINDS; k++) {
      sum += (this.relationOut[other * RELATION_KINDS + k] as number) + (this.relationIn[other * RELATION_KINDS + k] as number);
    }
    return sum;
  }

  private findStrongest(): void {
    const k = this.bounds.socialRelations;
    if (k === 0 || this.touchedMembers.length === 0) return;
    const weights = this.touchedMembers.map((m) => this.relationWeight(m));
    const order = this.touchedMembers.map((_, i) => i).sort((a, b) => (weights[b] as number) - (weights[a] as number) || (this.touchedMembers[a] as number) - (this.touchedMembers[b] as number));
    this.strongest = order.slice(0, k).map((i) => this.touchedMembers[i] as number);
  }

  private clear(): void {
    for (const c of this.touchedChannels) {
      this.channel.fill(0, c * 3, c * 3 + 3);
    }
    this.touchedChannels.length = 0;
    this.channelTotal = 0;
    for (const t of this.touchedThreads) {
      this.thread[t] = 0;
      this.joined[t] = 0;
    }
    this.touchedThreads.length = 0;
    for (const m of this.touchedMembers) {
      this.relationOut.fill(0, m * RELATION_KINDS, (m + 1) * RELATION_KINDS);
      this.relationIn.fill(0, m * RELATION_KINDS, (m + 1) * RELATION_KINDS);
      this.coThread[m] = 0;
      this.now[m] = 0;
      this.touched[m] = 0;
    }
    this.touchedMembers.length = 0;
    this.strongest = [];
    for (const m of this.touchedAlike) this.alike[m] = 0;
    this.touchedAlike.length = 0;
    this.degreeAt.clear();
  }

  /**
   * Fills `out` (row-major [candidates × SIGNAL_COUNT]) with every signal of this member for each candidate;
   * `postRows` holds the candidates' post signals (postSignals at the profile's time, same order).
   */
  fill(candidates: Int32Array, postRows: Float32Array, out: Float32Array): void {
    const { snapshot, mentioned } = this.index;
    const { posts } = snapshot;
    const member = this.member;
    const social = this.socialProof(candidates);
    const filter = this.graphFilter(candidates);
    for (let i = 0; i < candidates.length; i++) {
      const p = candidates[i] as number;
      const row = out.subarray(i * SIGNAL_COUNT, (i + 1) * SIGNAL_COUNT);
      row.fill(0, 0, POST_SIGNALS_FROM);
      row.set(postRows.subarray(i * POST_SIGNAL_COUNT, (i + 1) * POST_SIGNAL_COUNT), POST_SIGNALS_FROM);
      row[SIGNAL_INDEX.social_proof] = Math.log1p(social[i] as number);
      row[SIGNAL_INDEX.graph_filter] = Math.log1p(filter[i] as number);
      if (member < 0) continue;
      const c = posts.channel[p] as number;
      if (c >= 0) {
        row[SIGNAL_INDEX.channel_now] = Math.log1p(this.channel[c * 3] as number);
        row[SIGNAL_INDEX.channel_days] = Math.log1p(this.channel[c * 3 + 1] as number);
        row[SIGNAL_INDEX.channel_months] = Math.log1p(this.channel[c * 3 + 2] as number);
        row[SIGNAL_INDEX.channel_share] = this.channelTotal > 0 ? (this.channel[c * 3 + 2] as number) / this.channelTotal : 0;
      }
      const t = posts.thread[p] as number;
      if (t >= 0) {
        row[SIGNAL_INDEX.thread_activity] = Math.log1p(this.thread[t] as number);
        row[SIGNAL_INDEX.thread_joined] = this.joined[t] as number;
      }
      if (posts.replyToAuthor[p] === member) row[SIGNAL_INDEX.replies_to_member] = 1;
      for (let q = mentioned.offsets[p] as number; q < (mentioned.offsets[p + 1] as number); q++) {
        if (mentioned.member[q] === member) row[SIGNAL_INDEX.mentions_member] = 1;
      }
      const author = posts.author[p] as number;
      if (author >= 0 && this.touched[author] === 1) {
        const base = author * RELATION_KINDS;
        for (let k = 0; k < RELATION_KINDS; k++) {
          row[SIGNAL_INDEX.member_replied_to_author + k] = Math.log1p(this.relationOut[base + k] as number);
          row[SIGNAL_INDEX.author_replied_to_member + k] = Math.log1p(this.relationIn[base + k] as number);
        }
        row[SIGNAL_INDEX.co_thread_with_author] = Math.log1p(this.coThread[author] as number);
        row[SIGNAL_INDEX.talking_with_author_now] = Math.log1p(this.now[author] as number);
      }
    }
  }

  /**
   * Per candidate, how many of the member's strongest relations engaged with it before T: their engagements since
   * the oldest candidate was created (nothing before can be about a candidate), one count per relation and post.
   */
  socialProof(candidates: Int32Array): Float32Array {
    const out = new Float32Array(candidates.length);
    if (this.strongest.length === 0 || candidates.length === 0) return out;
    const { byActor, snapshot } = this.index;
    let oldest = Infinity;
    const slot = new Map<number, number>();
    candidates.forEach((p, i) => {
      slot.set(p, i);
      const created = snapshot.posts.createdAt[p] as number;
      if (created < oldest) oldest = created;
    });
    const counted = new Set<number>();
    for (const r of this.strongest) {
      counted.clear();
      const end = byActor.offsets[r + 1] as number;
      const from = Number.isFinite(oldest) ? firstAtOrAfter(byActor.at, byActor.offsets[r] as number, end, oldest) : (byActor.offsets[r] as number);
      const to = firstAtOrAfter(byActor.at, from, end, this.at);
      for (let e = from; e < to; e++) {
        if (byActor.kind[e] === EVENT_KIND.authored) continue;
        const i = slot.get(byActor.other[e] as number);
        if (i === undefined || counted.has(i)) continue;
        counted.add(i);
        out[i] = (out[i] as number) + 1;
      }
    }
    return out;
  }

  /** The member's posts and the posts they engaged with before T (never shown to them; training lists skip them). */
  seenBefore(into: Set<number>): Set<number> {
    into.clear();
    if (this.member < 0) return into;
    const { byActor } = this.index;
    const from = byActor.offsets[this.member] as number;
    const to = firstAtOrAfter(byActor.at, from, byActor.offsets[this.member + 1] as number, this.at);
    for (let e = from; e < to; e++) into.add(byActor.other[e] as number);
    return into;
  }
}

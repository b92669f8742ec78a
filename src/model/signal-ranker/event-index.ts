/**
 * A snapshot's events in the time-sorted lists the ranker's signals read: every signal is "what happened before T"
 * for a T that may lie anywhere in the snapshot's history (the training cuts) or at its end (serving), so each
 * list is ordered by time and a signal at T reads a prefix of it.
 *
 * Engagement here is one definition for signals and training targets alike: reacting to a post, replying to it,
 * mentioning its author (the snapshot's mention edge: the mentioned member's latest post before the mention), and
 * posting in a thread, which engages with the thread's starter post at the time of that post. The snapshot's own
 * `thread` edges are not used: they carry the member's *latest* post in the thread, which says nothing about when
 * they joined it.
 */
import type { GraphSnapshot } from '../../graph/snapshot.js';

/** Event kinds of the index (the first four share the snapshot's INTERACTION_KINDS codes). */
export const EVENT_KIND = { authored: 0, reaction: 1, reply: 2, mention: 3, thread: 4 } as const;
export const ENGAGEMENT_KINDS = 4;

/** Rows grouped by a key (CSR), each group in time order. */
export interface TimedGroups {
  offsets: Int32Array;
  /** The other end of the event: a post (actor lists) or a member (received and engagement lists). */
  other: Int32Array;
  kind: Uint8Array;
  at: Float64Array;
}

export interface EventIndex {
  readonly snapshot: GraphSnapshot;
  /** member → what they did: authored posts and engagements (`other` = post). */
  readonly byActor: TimedGroups;
  /** Number of engagement (non-authored) rows of `byActor` before each position: degrees at any T by two lookups. */
  readonly engagementsBefore: Int32Array;
  /** member → engagements by others with the member's posts (`other` = the engaging member). */
  readonly byRecipient: TimedGroups;
  /** post → engagements with it (`other` = the engaging member). */
  readonly byPost: TimedGroups;
  /** channel index (a thread, or a top-level channel for posts outside threads) → its posts by creation time. */
  readonly byHome: { offsets: Int32Array; post: Int32Array; at: Float64Array };
  /** thread channel index → its starter post, -1 for top-level channels and threads without posts. */
  readonly threadStarter: Int32Array;
  /** post → members it mentions. */
  readonly mentioned: { offsets: Int32Array; member: Int32Array };
  /**
   * What came before the snapshot's post window (GraphSnapshot.history), for signals read at any T: per member, its
   * channel history rows; per member, the relation pairs from it and to it (indices into snapshot.relations).
   */
  readonly history: {
    channelsOf: Int32Array;
    relationsFrom: Int32Array;
    relationsTo: { offsets: Int32Array; pair: Int32Array };
  };
  /** Every post by creation time (posts without a time last), and their times. */
  readonly byTime: { post: Int32Array; at: Float64Array };
  /** Creation time of the snapshot's first post (NaN when it has none or no times). */
  readonly firstPostAt: number;
}

/** The channel a post lives in: its thread, else its top-level channel. */
export function homeOf(snapshot: GraphSnapshot, post: number): number {
  const thread = snapshot.posts.thread[post] as number;
  return thread >= 0 ? thread : (snapshot.posts.channel[post] as number);
}

export function buildEventIndex(snapshot: GraphSnapshot): EventIndex {
  const { posts, interactions, channels } = snapshot;
  const nPosts = posts.ids.length;
  const nMembers = snapshot.members.ids.length;
  const nChannels = channels.ids.length;
  const threadStarter = findThreadStarters(snapshot);

  // One list of events: the snapshot's authored, reaction, reply and mention edges, plus a thread event per post in
  // a thread by someone other than the starter's author.
  let count = 0;
  for (let e = 0; e < interactions.member.length; e++) if ((interactions.kind[e] as number) < ENGAGEMENT_KINDS) count++;
  for (let p = 0; p < nPosts; p++) if (threadEngagement(snapshot, threadStarter, p) >= 0) count++;
  const member = new Int32Array(count);
  const post = new Int32Array(count);
  const kind = new Uint8Array(count);
  const at = new Float64Array(count);
  let n = 0;
  for (let e = 0; e < interactions.member.length; e++) {
    const k = interactions.kind[e] as number;
    if (k >= ENGAGEMENT_KINDS) continue;
    const m = interactions.member[e] as number;
    if (snapshot.members.optedOut[m] === 1) continue;
    member[n] = m;
    post[n] = interactions.post[e] as number;
    kind[n] = k;
    at[n] = interactions.at[e] as number;
    n++;
  }
  for (let p = 0; p < nPosts; p++) {
    const starter = threadEngagement(snapshot, threadStarter, p);
    if (starter < 0 || snapshot.members.optedOut[posts.author[p] as number] === 1) continue;
    member[n] = posts.author[p] as number;
    post[n] = starter;
    kind[n] = EVENT_KIND.thread;
    at[n] = posts.createdAt[p] as number;
    n++;
  }
  const order = timeOrder(at, n);

  const byActor = groupInOrder(order, nMembers, (e) => member[e] as number, (e) => post[e] as number, kind, at);
  const byRecipient = groupInOrder(
    order,
    nMembers,
    (e) => {
      if (kind[e] === EVENT_KIND.authored) return -1;
      const author = posts.author[post[e] as number] as number;
      return author === member[e] ? -1 : author;
    },
    (e) => member[e] as number,
    kind,
    at,
  );
  const byPost = groupInOrder(
    order,
    nPosts,
    (e) => (kind[e] === EVENT_KIND.authored ? -1 : (post[e] as number)),
    (e) => member[e] as number,
    kind,
    at,
  );

  const postOrder = timeOrder(posts.createdAt, nPosts);
  const homes = groupInOrder(postOrder, nChannels, (p) => homeOf(snapshot, p), (p) => p, new Uint8Array(nPosts), posts.createdAt);

  const mentionOffsets = new Int32Array(nPosts + 1);
  for (const p of snapshot.mentions.post) mentionOffsets[p + 1] = (mentionOffsets[p + 1] as number) + 1;
  for (let p = 0; p < nPosts; p++) mentionOffsets[p + 1] = (mentionOffsets[p + 1] as number) + (mentionOffsets[p] as number);

  const firstPostAt = nPosts > 0 && Number.isFinite(posts.createdAt[postOrder[0] as number]) ? (posts.createdAt[postOrder[0] as number] as number) : Number.NaN;
  const engagementsBefore = new Int32Array(byActor.kind.length + 1);
  for (let e = 0; e < byActor.kind.length; e++) engagementsBefore[e + 1] = (engagementsBefore[e] as number) + (byActor.kind[e] === EVENT_KIND.authored ? 0 : 1);
  return {
    snapshot,
    byActor,
    engagementsBefore,
    byRecipient,
    byPost,
    byHome: { offsets: homes.offsets, post: homes.other, at: homes.at },
    threadStarter,
    // The snapshot orders mention rows by post, so they already form the CSR's values.
    mentioned: { offsets: mentionOffsets, member: snapshot.mentions.member },
    byTime: { post: postOrder, at: Float64Array.from(postOrder, (p) => posts.createdAt[p] as number) },
    history: {
      channelsOf: offsetsOf(snapshot.history.channels.member, nMembers),
      relationsFrom: offsetsOf(snapshot.relations.from, nMembers),
      relationsTo: pairsByTarget(snapshot.relations.to, nMembers),
    },
    firstPostAt,
  };
}

/**
 * A thread's starter is the post whose id is the thread's (Discord gives a thread started from a message, and a
 * forum post, the id of that message), else the thread's earliest post.
 */
function findThreadStarters(snapshot: GraphSnapshot): Int32Array {
  const { posts, channels } = snapshot;
  const starter = new Int32Array(channels.ids.length).fill(-1);
  for (let p = 0; p < posts.ids.length; p++) {
    const thread = posts.thread[p] as number;
    if (thread < 0) continue;
    const current = starter[thread] as number;
    if (posts.ids[p] === channels.ids[thread]) starter[thread] = p;
    else if (current < 0 || ((posts.createdAt[p] as number) < (posts.createdAt[current] as number) && posts.ids[current] !== channels.ids[thread])) {
      starter[thread] = p;
    }
  }
  return starter;
}

/** The starter post that post `p` engages with by being posted in its thread, or -1. */
function threadEngagement(snapshot: GraphSnapshot, threadStarter: Int32Array, p: number): number {
  const { posts } = snapshot;
  const thread = posts.thread[p] as number;
  const author = posts.author[p] as number;
  if (thread < 0 || author < 0) return -1;
  const starter = threadStarter[thread] as number;
  if (starter < 0 || starter === p || posts.author[starter] === author) return -1;
  return starter;
}

/** Indices 0..n-1 ordered by time (stable; NaN times last). */
function timeOrder(at: Float64Array, n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const key = (i: number) => {
    const t = at[i] as number;
    return Number.isNaN(t) ? Infinity : t;
  };
  order.sort((a, b) => key(a) - key(b) || a - b);
  return order;
}

/** Counting sort of `order` by key (rows with a negative key are dropped); keeps the time order within a group. */
function groupInOrder(
  order: Int32Array,
  keys: number,
  keyOf: (row: number) => number,
  otherOf: (row: number) => number,
  kind: Uint8Array,
  at: Float64Array,
): TimedGroups {
  const offsets = new Int32Array(keys + 1);
  for (const row of order) {
    const key = keyOf(row);
    if (key >= 0) offsets[key + 1] = (offsets[key + 1] as number) + 1;
  }
  for (let k = 0; k < keys; k++) offsets[k + 1] = (offsets[k + 1] as number) + (offsets[k] as number);
  const size = offsets[keys] as number;
  const cursor = offsets.slice(0, keys);
  const out = { offsets, other: new Int32Array(size), kind: new Uint8Array(size), at: new Float64Array(size) };
  for (const row of order) {
    const key = keyOf(row);
    if (key < 0) continue;
    const slot = cursor[key] as number;
    cursor[key] = slot + 1;
    out.other[slot] = otherOf(row);
    out.kind[slot] = kind[row] as number;
    out.at[slot] = at[row] as number;
  }
  return out;
}

/** CSR offsets of rows already ordered by `key` (rows of key k are [offsets[k], offsets[k + 1])). */
function offsetsOf(key: Int32Array, keys: number): Int32Array {
  const offsets = new Int32Array(keys + 1);
  for (const k of key) offsets[k + 1] = (offsets[k + 1] as number) + 1;
  for (let k = 0; k < keys; k++) offsets[k + 1] = (offsets[k + 1] as number) + (offsets[k] as number);
  return offsets;
}

/** Relation pairs grouped by their target member. */
function pairsByTarget(to: Int32Array, keys: number): { offsets: Int32Array; pair: Int32Array } {
  const offsets = offsetsOf(Int32Array.from(to).sort(), keys);
  const cursor = offsets.slice(0, keys);
  const pair = new Int32Array(to.length);
  to.forEach((m, i) => {
    pair[cursor[m] as number] = i;
    cursor[m] = (cursor[m] as number) + 1;
  });
  return { offsets, pair };
}

/** First position in `at[from, to)` whose time is ≥ t (the events before t are [from, result)). */
export function firstAtOrAfter(at: Float64Array, from: number, to: number, t: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((at[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

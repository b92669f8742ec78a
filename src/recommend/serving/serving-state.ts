/**
 * Everything a recommendation needs about one guild, derived once per refresh from a GraphSnapshot and the bound
 * Ranker, so a request touches typed arrays and small live queries only (the p99 goal is 50 ms at 10k members ×
 * 100k posts; building the snapshot itself takes seconds there).
 *
 * Adjacency is stored CSR-style (offsets + flat arrays): per member the posts they engaged with (sorted, for the
 * "already engaged" filter), their strongest neighbours (for in-network candidates and reasons), their favourite
 * channels; per post the members who reacted or replied (social proof); per author and per channel the posts of
 * the candidate window in popularity order.
 */
import type { GraphSnapshot } from '../../graph/snapshot.js';
import type { Ranker } from '../../model/ranker.js';

/** Interaction kind codes (INTERACTION_KINDS order): authored, reaction, reply, mention, thread. */
const REACTION = 1;
const REPLY = 2;
/** Column of `reply` in RelationEdges.byKind (SNAPSHOT_RELATION_KINDS order). */
const REPLY_COLUMN = 0;
const RELATION_KINDS = 4;

export interface ServingStateOptions {
  /** Posts older than this before the snapshot are never candidates. */
  windowMs: number;
  /** Neighbours kept per member, strongest first. */
  neighboursPerMember: number;
  /** Favourite channels kept per member. */
  channelsPerMember: number;
}

export const DEFAULT_SERVING_STATE_OPTIONS: ServingStateOptions = {
  windowMs: 14 * 86_400_000,
  neighboursPerMember: 40,
  channelsPerMember: 6,
};

export interface ChannelInfo {
  name: string;
  /** A private thread: visible only to its members (and thread managers). */
  privateThread: boolean;
}

export interface Csr {
  offsets: Int32Array;
  values: Int32Array;
}

/** Everything but the ranker: plain data, so it can be built on a worker thread and sent to the main thread. */
export interface ServingIndexes {
  guildId: string;
  snapshot: GraphSnapshot;
  builtAt: number;
  windowStart: number;
  memberIndex: ReadonlyMap<string, number>;
  postIndex: ReadonlyMap<string, number>;
  channels: ReadonlyMap<string, ChannelInfo>;
  /** member → posts they authored, reacted to, replied to, mentioned the author of, or posted under (sorted). */
  engaged: Csr;
  /** post → members who reacted or replied (window posts only). */
  engagers: Csr;
  /** member → neighbours, strongest first; `neighbourReplies[i]` = replies from the member to that neighbour. */
  neighbours: Csr;
  neighbourStrength: Float32Array;
  neighbourReplies: Float32Array;
  /** member → top-level channel indices, most engaged first. */
  favouriteChannels: Csr;
  favouriteChannelWeight: Float32Array;
  /** Window posts, most popular first. */
  popular: Int32Array;
  /** top-level channel index → window posts, most popular first. */
  popularByChannel: Csr;
  /** author member index → window posts, newest first. */
  byAuthor: Csr;
  /** Per post: popularity in the window as a percentile (0..1), 0 outside it. */
  popularityPct: Float32Array;
  /** Per top-level channel index: share of the window's engagement (0..1), the cold-start prior. */
  channelShare: Float32Array;
}

export interface ServingState extends ServingIndexes {
  ranker: Ranker;
  method: string;
  /** Rough cost of one ranker call over a typical candidate set, measured at refresh (drives up-front deferral). */
  probeMs: number;
}

export function buildServingState(
  snapshot: GraphSnapshot,
  ranker: Ranker,
  method: string,
  channels: ReadonlyMap<string, ChannelInfo>,
  options: ServingStateOptions = DEFAULT_SERVING_STATE_OPTIONS,
): ServingState {
  return bindServingState(buildServingIndexes(snapshot, channels, options), ranker, method);
}

/** Attaches the ranker (bound to `indexes.snapshot`) and measures its cost. */
export function bindServingState(indexes: ServingIndexes, ranker: Ranker, method: string): ServingState {
  const state: ServingState = { ...indexes, ranker, method, probeMs: 0 };
  state.probeMs = probeRanker(state);
  return state;
}

export function buildServingIndexes(
  snapshot: GraphSnapshot,
  channels: ReadonlyMap<string, ChannelInfo>,
  options: ServingStateOptions = DEFAULT_SERVING_STATE_OPTIONS,
): ServingIndexes {
  const { posts, interactions } = snapshot;
  const memberCount = snapshot.members.ids.length;
  const postCount = posts.ids.length;
  const channelCount = snapshot.channels.ids.length;
  const windowStart = snapshot.at - options.windowMs;

  const inWindow = new Uint8Array(postCount);
  for (let p = 0; p < postCount; p++) if ((posts.createdAt[p] as number) >= windowStart) inWindow[p] = 1;

  // Popularity: reactors and (doubly) replies, decayed by age with a one-day half-life, as a window percentile.
  const windowPosts: number[] = [];
  const hot = new Float32Array(postCount);
  for (let p = 0; p < postCount; p++) {
    if (!inWindow[p]) continue;
    windowPosts.push(p);
    const ageDays = (snapshot.at - (posts.createdAt[p] as number)) / 86_400_000;
    hot[p] = Math.log1p((posts.reactorCount[p] as number) + 2 * (posts.replyCount[p] as number)) * Math.pow(2, -ageDays) + 1e-6 * (1 - ageDays / 365);
  }
  windowPosts.sort((a, b) => (hot[b] as number) - (hot[a] as number));
  const popular = Int32Array.from(windowPosts);
  const popularityPct = new Float32Array(postCount);
  const windowCount = popular.length;
  for (let i = 0; i < windowCount; i++) popularityPct[popular[i] as number] = windowCount === 1 ? 1 : 1 - i / (windowCount - 1);

  const popularByChannel = group(channelCount, popular, (p) => posts.channel[p] as number);
  const newestFirst = [...windowPosts].sort((a, b) => (posts.createdAt[b] as number) - (posts.createdAt[a] as number));
  const byAuthor = group(memberCount, Int32Array.from(newestFirst), (p) => posts.author[p] as number);

  // Engagement per member (sorted post lists) and favourite channels from the same pass.
  const engaged = group(memberCount, rangeArray(interactions.member.length), (e) => interactions.member[e] as number);
  const favouriteLists: number[][] = new Array(memberCount);
  const favouriteWeights: number[][] = new Array(memberCount);
  const channelWeight = new Float64Array(channelCount);
  const perChannel = new Map<number, number>();
  for (let m = 0; m < memberCount; m++) {
    perChannel.clear();
    const start = engaged.offsets[m] as number;
    const end = engaged.offsets[m + 1] as number;
    for (let i = start; i < end; i++) {
      const e = engaged.values[i] as number;
      const p = interactions.post[e] as number;
      engaged.values[i] = p;
      const channel = posts.channel[p] as number;
      if (channel < 0) continue;
      const weight = interactions.weight[e] as number;
      perChannel.set(channel, (perChannel.get(channel) ?? 0) + weight);
      if (inWindow[p] && interactions.kind[e] !== 0) channelWeight[channel] = (channelWeight[channel] as number) + weight;
    }
    engaged.values.subarray(start, end).sort();
    const top = [...perChannel.entries()].sort((a, b) => b[1] - a[1]).slice(0, options.channelsPerMember);
    favouriteLists[m] = top.map(([channel]) => channel);
    favouriteWeights[m] = top.map(([, weight]) => weight);
  }
  const favouriteChannels = fromLists(favouriteLists);
  const favouriteChannelWeight = Float32Array.from(favouriteWeights.flat());
  const totalChannelWeight = channelWeight.reduce((a, b) => a + b, 0) || 1;
  const channelShare = Float32Array.from(channelWeight, (w) => w / totalChannelWeight);

  // Who reacted to or replied to each window post.
  const engagerEdges: number[] = [];
  for (let e = 0; e < interactions.member.length; e++) {
    const kind = interactions.kind[e];
    if ((kind === REACTION || kind === REPLY) && inWindow[interactions.post[e] as number]) engagerEdges.push(e);
  }
  const engagers = group(postCount, Int32Array.from(engagerEdges), (e) => interactions.post[e] as number);
  for (let i = 0; i < engagers.values.length; i++) engagers.values[i] = interactions.member[engagers.values[i] as number] as number;

  // Strongest neighbours per member.
  const { relations } = snapshot;
  const relationsByMember = group(memberCount, rangeArray(relations.from.length), (r) => relations.from[r] as number);
  const neighbourLists: number[][] = new Array(memberCount);
  const strengths: number[] = [];
  const replies: number[] = [];
  for (let m = 0; m < memberCount; m++) {
    const pairs = Array.from(relationsByMember.values.subarray(relationsByMember.offsets[m], relationsByMember.offsets[m + 1]));
    pairs.sort((a, b) => (relations.strength[b] as number) - (relations.strength[a] as number));
    const kept = pairs.slice(0, options.neighboursPerMember);
    neighbourLists[m] = kept.map((r) => relations.to[r] as number);
    for (const r of kept) {
      strengths.push(relations.strength[r] as number);
      replies.push(relations.byKind[r * RELATION_KINDS + REPLY_COLUMN] as number);
    }
  }

  return {
    guildId: snapshot.guildId,
    snapshot,
    builtAt: snapshot.at,
    windowStart,
    memberIndex: new Map(snapshot.members.ids.map((id, i) => [id, i])),
    postIndex: new Map(posts.ids.map((id, i) => [id, i])),
    channels,
    engaged,
    engagers,
    neighbours: fromLists(neighbourLists),
    neighbourStrength: Float32Array.from(strengths),
    neighbourReplies: Float32Array.from(replies),
    favouriteChannels,
    favouriteChannelWeight,
    popular,
    popularByChannel,
    byAuthor,
    popularityPct,
    channelShare,
  };
}

/** Whether member `m` engaged with snapshot post `p` (binary search in the member's sorted list). */
export function hasEngaged(state: ServingState, m: number, p: number): boolean {
  if (m < 0) return false;
  const { offsets, values } = state.engaged;
  let lo = offsets[m] as number;
  let hi = (offsets[m + 1] as number) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = values[mid] as number;
    if (v === p) return true;
    if (v < p) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

export function row(csr: Csr, i: number): Int32Array {
  return csr.values.subarray(csr.offsets[i], csr.offsets[i + 1]);
}

/** Times one ranker call over up to 300 window posts for the most active member. */
function probeRanker(state: ServingState): number {
  const memberCount = state.snapshot.members.ids.length;
  if (memberCount === 0 || state.popular.length === 0) return 0;
  const candidates = state.popular.subarray(0, 300);
  const started = performance.now();
  state.ranker.score(0, candidates);
  return performance.now() - started;
}

/** Groups `items` by `keyOf(item)` ∈ [0, keys) keeping their order; items with a negative key are dropped. */
function group(keys: number, items: Int32Array, keyOf: (item: number) => number): Csr {
  const offsets = new Int32Array(keys + 1);
  for (let i = 0; i < items.length; i++) {
    const key = keyOf(items[i] as number);
    if (key >= 0) offsets[key + 1] = (offsets[key + 1] as number) + 1;
  }
  for (let k = 0; k < keys; k++) offsets[k + 1] = (offsets[k + 1] as number) + (offsets[k] as number);
  const cursor = offsets.slice(0, keys);
  const values = new Int32Array(offsets[keys] as number);
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as number;
    const key = keyOf(item);
    if (key < 0) continue;
    values[cursor[key] as number] = item;
    cursor[key] = (cursor[key] as number) + 1;
  }
  return { offsets, values };
}

function fromLists(lists: number[][]): Csr {
  const offsets = new Int32Array(lists.length + 1);
  lists.forEach((list, i) => (offsets[i + 1] = (offsets[i] as number) + list.length));
  return { offsets, values: Int32Array.from(lists.flat()) };
}

function rangeArray(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

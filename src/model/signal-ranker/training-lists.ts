/**
 * Training examples from a guild's own history, in the digest's situation: at a cut T inside the snapshot (T plus
 * the horizon no later than the snapshot's time), the candidates are the posts created in [T − window, T); a
 * member's list holds the candidates they had not written or engaged with before T, and the ones they engaged
 * with in [T, T + horizon) are its positives — the evaluation protocol, replayed on the past so the weights are
 * learned on the task they are judged on. Signals are read at T, from events before T only.
 */
import { firstAtOrAfter, type EventIndex } from './event-index.js';
import { MemberProfile, POST_SIGNAL_COUNT, SIGNAL_COUNT, postSignals } from './signals.js';

const DAY = 86_400_000;

export interface ListProtocol {
  windowMs: number;
  horizonMs: number;
}

/** Lists of one or more cuts, packed: list l holds rows [offsets[l], offsets[l + 1]). */
export interface PackedLists {
  offsets: Int32Array;
  /** Row-major [rows × SIGNAL_COUNT]. */
  signals: Float32Array;
  positive: Uint8Array;
  /** Per row, the post's creation time (ties in a ranking go to the newer post, as in the evaluation). */
  createdAt: Float64Array;
  /** Per list, the cut it belongs to. */
  cut: Int32Array;
}

export interface ListSampling {
  /** Lists kept per cut at most (members with a target, sampled). */
  listsPerCut: number;
  /** Negatives kept per list at most (Infinity: the whole candidate list, for validation). */
  negativesPerList: number;
  random: () => number;
}

/**
 * Cut times inside the snapshot, newest first: day boundaries whose horizon ends before the snapshot's time,
 * a window apart so candidate sets do not overlap, at most `count`, none older than `span` before the snapshot
 * and none whose window starts before the first post.
 */
export function trainingCutTimes(index: EventIndex, protocol: ListProtocol, count: number, spanMs: number): number[] {
  const { at } = index.snapshot;
  if (!Number.isFinite(at) || Number.isNaN(index.firstPostAt)) return [];
  const step = Math.max(DAY, Math.ceil(protocol.windowMs / DAY) * DAY);
  const cuts: number[] = [];
  for (let t = Math.floor((at - protocol.horizonMs) / DAY) * DAY; cuts.length < count; t -= step) {
    if (t - protocol.windowMs < index.firstPostAt || t < at - spanMs) break;
    cuts.push(t);
  }
  return cuts;
}

/** The lists of one cut (possibly none: a quiet day, or nobody engaged). */
export function listsAtCut(index: EventIndex, at: number, protocol: ListProtocol, sampling: ListSampling, profile: MemberProfile): PackedLists {
  const { snapshot, byPost, byActor } = index;
  const { posts } = snapshot;
  const candidates: number[] = [];
  const { byTime } = index;
  const last = firstAtOrAfter(byTime.at, 0, byTime.at.length, at);
  for (let i = firstAtOrAfter(byTime.at, 0, last, at - protocol.windowMs); i < last; i++) {
    const p = byTime.post[i] as number;
    if ((posts.author[p] as number) >= 0) candidates.push(p);
  }
  candidates.sort((a, b) => a - b);
  if (candidates.length < 2) return packLists([], 0);

  // Targets: engagement with a candidate in [T, T + horizon), by someone other than its author.
  const targets = new Map<number, Set<number>>();
  for (const p of candidates) {
    const end = byPost.offsets[p + 1] as number;
    const from = firstAtOrAfter(byPost.at, byPost.offsets[p] as number, end, at);
    const to = firstAtOrAfter(byPost.at, from, end, at + protocol.horizonMs);
    for (let e = from; e < to; e++) {
      const m = byPost.other[e] as number;
      if (m === posts.author[p]) continue;
      let set = targets.get(m);
      if (!set) targets.set(m, (set = new Set()));
      set.add(p);
    }
  }
  // Members known at T (joined, or did anything, before it), sampled.
  let members = [...targets.keys()].filter((m) => {
    const joined = snapshot.members.joinedAt[m] as number;
    return joined < at || (byActor.offsets[m] !== byActor.offsets[m + 1] && (byActor.at[byActor.offsets[m] as number] as number) < at);
  });
  members.sort((a, b) => a - b);
  if (members.length > sampling.listsPerCut) members = sample(members, sampling.listsPerCut, sampling.random).sort((a, b) => a - b);

  const candidateArray = Int32Array.from(candidates);
  const postRows = postSignals(index, candidateArray, at);
  const seen = new Set<number>();
  const parts: ListPart[] = [];
  for (const m of members) {
    profile.load(m, at);
    profile.seenBefore(seen);
    const positives: number[] = [];
    const negatives: number[] = [];
    const target = targets.get(m) as Set<number>;
    candidates.forEach((p, i) => {
      if (seen.has(p)) return;
      (target.has(p) ? positives : negatives).push(i);
    });
    if (positives.length === 0 || negatives.length === 0) continue;
    const kept = negatives.length > sampling.negativesPerList ? sample(negatives, sampling.negativesPerList, sampling.random) : negatives;
    const chosen = [...positives, ...kept];
    const chosenPosts = Int32Array.from(chosen, (i) => candidates[i] as number);
    const chosenPostRows = new Float32Array(chosen.length * POST_SIGNAL_COUNT);
    chosen.forEach((i, j) => chosenPostRows.set(postRows.subarray(i * POST_SIGNAL_COUNT, (i + 1) * POST_SIGNAL_COUNT), j * POST_SIGNAL_COUNT));
    const signals = new Float32Array(chosen.length * SIGNAL_COUNT);
    profile.fill(chosenPosts, chosenPostRows, signals);
    parts.push({
      signals,
      positive: Uint8Array.from(chosen, (_, j) => (j < positives.length ? 1 : 0)),
      createdAt: Float64Array.from(chosenPosts, (p) => posts.createdAt[p] as number),
    });
  }
  return packLists(parts, 0);
}

interface ListPart {
  signals: Float32Array;
  positive: Uint8Array;
  createdAt: Float64Array;
}

function packLists(parts: readonly ListPart[], cut: number): PackedLists {
  const rows = parts.reduce((sum, part) => sum + part.positive.length, 0);
  const out: PackedLists = {
    offsets: new Int32Array(parts.length + 1),
    signals: new Float32Array(rows * SIGNAL_COUNT),
    positive: new Uint8Array(rows),
    createdAt: new Float64Array(rows),
    cut: new Int32Array(parts.length).fill(cut),
  };
  let row = 0;
  parts.forEach((part, l) => {
    out.signals.set(part.signals, row * SIGNAL_COUNT);
    out.positive.set(part.positive, row);
    out.createdAt.set(part.createdAt, row);
    row += part.positive.length;
    out.offsets[l + 1] = row;
  });
  return out;
}

/** Concatenates packed lists (of several cuts), numbering their cuts in order. */
export function concatLists(all: readonly PackedLists[]): PackedLists {
  const parts: PackedLists[] = all.filter((p) => p.offsets.length > 1);
  const lists = parts.reduce((sum, p) => sum + p.offsets.length - 1, 0);
  const rows = parts.reduce((sum, p) => sum + p.positive.length, 0);
  const out: PackedLists = {
    offsets: new Int32Array(lists + 1),
    signals: new Float32Array(rows * SIGNAL_COUNT),
    positive: new Uint8Array(rows),
    createdAt: new Float64Array(rows),
    cut: new Int32Array(lists),
  };
  let list = 0;
  let row = 0;
  all.forEach((p, c) => {
    for (let l = 0; l + 1 < p.offsets.length; l++) {
      out.offsets[list + 1] = row + (p.offsets[l + 1] as number);
      out.cut[list] = c;
      list++;
    }
    out.signals.set(p.signals, row * SIGNAL_COUNT);
    out.positive.set(p.positive, row);
    out.createdAt.set(p.createdAt, row);
    row += p.positive.length;
  });
  return out;
}

/** `k` distinct items drawn uniformly (partial Fisher–Yates on a copy). */
function sample<T>(items: readonly T[], k: number, random: () => number): T[] {
  const copy = items.slice();
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, k);
}

/** The same lists with at most `negatives` non-targets each (sampled), for fitting on lists kept whole for validation. */
export function withSampledNegatives(lists: PackedLists, negatives: number, random: () => number): PackedLists {
  const parts: ListPart[] = [];
  for (let l = 0; l + 1 < lists.offsets.length; l++) {
    const from = lists.offsets[l] as number;
    const to = lists.offsets[l + 1] as number;
    const positives: number[] = [];
    const others: number[] = [];
    for (let r = from; r < to; r++) (lists.positive[r] === 1 ? positives : others).push(r);
    const rows = [...positives, ...(others.length > negatives ? sample(others, negatives, random) : others)];
    const signals = new Float32Array(rows.length * SIGNAL_COUNT);
    rows.forEach((r, j) => signals.set(lists.signals.subarray(r * SIGNAL_COUNT, (r + 1) * SIGNAL_COUNT), j * SIGNAL_COUNT));
    parts.push({
      signals,
      positive: Uint8Array.from(rows, (r) => lists.positive[r] as number),
      createdAt: Float64Array.from(rows, (r) => lists.createdAt[r] as number),
    });
  }
  return packLists(parts, 0);
}

/**
 * The holdout the blend is tuned on, carved from the training snapshot only: the latest `fraction` of interaction
 * events when events carry times (what a digest has to predict is the near future), otherwise a seeded random
 * share (benchmark data without times). Tuning then ranks all posts for each holdout member, excluding what the
 * member already interacted with in the fit part, exactly like the benchmark protocol.
 */
import type { GraphSnapshot } from '../../graph/snapshot.js';
import type { WeightedCsr } from './interaction-matrix.js';
import { ndcgAtK } from '../eval/metrics.js';
import { topK } from './top-k.js';

/** 1 = fit part, 0 = held out; authored events always stay in the fit part (they are not interactions). */
export function holdoutMask(snapshot: GraphSnapshot, fraction: number, random: () => number): Uint8Array {
  const { at, kind } = snapshot.interactions;
  const keep = new Uint8Array(at.length).fill(1);
  if (fraction <= 0) return keep;
  const candidates: number[] = [];
  for (let e = 0; e < at.length; e++) if (kind[e] !== 0) candidates.push(e);
  const timed = candidates.length > 0 && candidates.every((e) => Number.isFinite(at[e]!));
  if (timed) {
    const sorted = candidates.slice().sort((a, b) => at[a]! - at[b]! || a - b);
    const cut = Math.floor(sorted.length * (1 - fraction));
    for (let s = cut; s < sorted.length; s++) keep[sorted[s]!] = 0;
  } else {
    for (const e of candidates) if (random() < fraction) keep[e] = 0;
  }
  return keep;
}

/**
 * When the holdout begins: the time of its first event (NaN for data without times). Tuning then stands where a
 * digest stands at that moment: posts created later do not exist yet, and age is measured from then.
 */
export function holdoutStart(snapshot: GraphSnapshot, keep: Uint8Array): number {
  const { at, kind } = snapshot.interactions;
  let start = Infinity;
  for (let e = 0; e < keep.length; e++) if (keep[e] === 0 && kind[e] !== 0) start = Math.min(start, at[e]!);
  return Number.isFinite(start) ? start : Number.NaN;
}

/** Posts created at or after `start` (none when `start` is NaN): not yet there when the holdout begins. */
export function postsNotYetCreated(snapshot: GraphSnapshot, start: number): Uint8Array {
  const { createdAt } = snapshot.posts;
  const later = new Uint8Array(createdAt.length);
  if (Number.isNaN(start)) return later;
  for (let p = 0; p < createdAt.length; p++) if (createdAt[p]! >= start) later[p] = 1;
  return later;
}

/** Per member, the held-out posts not already in the member's fit row and already created: the targets to rank. */
export function holdoutTargets(snapshot: GraphSnapshot, keep: Uint8Array, fit: WeightedCsr, notYetCreated?: Uint8Array): Map<number, Set<number>> {
  const { member, post } = snapshot.interactions;
  const targets = new Map<number, Set<number>>();
  for (let e = 0; e < keep.length; e++) {
    if (keep[e] === 1 || snapshot.interactions.kind[e] === 0) continue;
    const m = member[e]!;
    const p = post[e]!;
    if (notYetCreated?.[p] === 1) continue;
    if (snapshot.members.optedOut[m] === 1) continue;
    let known = false;
    for (let q = fit.ptr[m]!; q < fit.ptr[m + 1]! && !known; q++) known = fit.idx[q] === p;
    if (known) continue;
    let set = targets.get(m);
    if (!set) targets.set(m, (set = new Set()));
    set.add(p);
  }
  return targets;
}

/** Accumulates NDCG@K for one scoring variant over batches of members. */
export class HoldoutScore {
  private sum = 0;
  private count = 0;
  private readonly ranked: Int32Array;
  private readonly rankedScores: Float64Array;
  private readonly exclude: Int32Array;

  /** `unavailable` marks posts never ranked (created after the holdout began). */
  constructor(
    nPosts: number,
    private readonly k: number,
    private readonly unavailable: Int32Array = new Int32Array(0),
  ) {
    this.ranked = new Int32Array(k);
    this.rankedScores = new Float64Array(k);
    this.exclude = new Int32Array(nPosts).fill(-1);
  }

  /** `scores` is one member's row over all posts. */
  add(member: number, scores: Float32Array, fit: WeightedCsr, targets: Set<number>): void {
    for (let q = fit.ptr[member]!; q < fit.ptr[member + 1]!; q++) this.exclude[fit.idx[q]!] = member;
    for (const p of this.unavailable) this.exclude[p] = member;
    const n = topK(scores, this.k, this.exclude, member, this.ranked, this.rankedScores);
    this.sum += ndcgAtK(this.ranked.subarray(0, n), targets, this.k);
    this.count++;
  }

  get ndcg(): number {
    return this.count > 0 ? this.sum / this.count : 0;
  }
}

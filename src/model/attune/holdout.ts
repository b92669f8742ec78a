/**
 * The holdout the blend is tuned on, carved from the training snapshot only: the latest `fraction` of interaction
 * events when events carry times (what a digest has to predict is the near future), otherwise a seeded random
 * share (benchmark data without times). Tuning then ranks all posts for each holdout member, excluding what the
 * member already interacted with in the fit part, exactly like the benchmark protocol.
 */
import type { GraphSnapshot } from '../../graph/snapshot.js';
import type { WeightedCsr } from './interaction-matrix.js';
import { rankingMetrics, topK } from './ranking-metrics.js';

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

/** Per member, the held-out posts not already in the member's fit row: the targets to rank. */
export function holdoutTargets(snapshot: GraphSnapshot, keep: Uint8Array, fit: WeightedCsr): Map<number, Set<number>> {
  const { member, post } = snapshot.interactions;
  const targets = new Map<number, Set<number>>();
  for (let e = 0; e < keep.length; e++) {
    if (keep[e] === 1 || snapshot.interactions.kind[e] === 0) continue;
    const m = member[e]!;
    const p = post[e]!;
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
  private readonly targetMark: Int32Array;

  constructor(
    nPosts: number,
    private readonly k: number,
  ) {
    this.ranked = new Int32Array(k);
    this.rankedScores = new Float64Array(k);
    this.exclude = new Int32Array(nPosts).fill(-1);
    this.targetMark = new Int32Array(nPosts).fill(-1);
  }

  /** `scores` is one member's row over all posts. */
  add(member: number, scores: Float32Array, fit: WeightedCsr, targets: Set<number>): void {
    for (let q = fit.ptr[member]!; q < fit.ptr[member + 1]!; q++) this.exclude[fit.idx[q]!] = member;
    for (const t of targets) this.targetMark[t] = member;
    const n = topK(scores, this.k, this.exclude, member, this.ranked, this.rankedScores);
    this.sum += rankingMetrics(this.ranked, n, this.targetMark, member, targets.size, this.k).ndcg;
    this.count++;
  }

  get ndcg(): number {
    return this.count > 0 ? this.sum / this.count : 0;
  }
}

/**
 * Fits the ranker's weights on packed lists (training-lists.ts) with a listwise loss: per list, the softmax
 * cross-entropy of its positives (ListNet's top-one probability, with several positives sharing the target mass),
 * averaged over lists, plus an L2 pull towards the prior weights,
 *
 *   L(w) = mean_l [ log Σ_{i ∈ l} exp(s_i) − (1/|P_l|) Σ_{i ∈ P_l} s_i ] + (λ/2) ‖w − w₀‖²,   s_i = w · z_i,
 *
 * on standardised signals z (so λ means the same for every signal and guild). The objective is convex; L-BFGS on
 * plain typed arrays solves it in a few dozen passes over the rows (a linear model over ~30 signals gains nothing
 * from TensorFlow.js but its per-op overhead). The pull towards w₀ is what makes a small guild's weights sane: with
 * few lists the data cannot move them far from the documented defaults.
 */
import { ndcgAtK } from '../eval/metrics.js';
import type { PackedLists } from './training-lists.js';

export interface Standardisation {
  mean: Float64Array;
  std: Float64Array;
}

/** Per-signal mean and standard deviation over every row (a constant signal gets std 1: its weight cannot matter). */
export function standardisation(lists: PackedLists, width: number): Standardisation {
  const rows = lists.positive.length;
  const mean = new Float64Array(width);
  const square = new Float64Array(width);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < width; f++) {
      const x = lists.signals[r * width + f] as number;
      mean[f] = (mean[f] as number) + x;
      square[f] = (square[f] as number) + x * x;
    }
  }
  const std = new Float64Array(width);
  for (let f = 0; f < width; f++) {
    const m = rows > 0 ? (mean[f] as number) / rows : 0;
    mean[f] = m;
    const variance = rows > 0 ? (square[f] as number) / rows - m * m : 0;
    std[f] = variance > 1e-12 ? Math.sqrt(variance) : 1;
  }
  return { mean, std };
}

/** Scores of every row under raw-signal weights `w` (s = w · x). */
export function scoreRows(lists: PackedLists, width: number, w: ArrayLike<number>, out = new Float64Array(lists.positive.length)): Float64Array {
  const rows = lists.positive.length;
  const signals = lists.signals;
  const weights = Float64Array.from({ length: width }, (_, f) => w[f] as number);
  for (let r = 0, base = 0; r < rows; r++, base += width) {
    let s = 0;
    for (let f = 0; f < width; f++) s += weights[f]! * signals[base + f]!;
    out[r] = s;
  }
  return out;
}

/**
 * The listwise objective and its gradient in standardised space: `wz` are weights on z = (x − mean) / std. The
 * mean shifts every score of a list alike, which softmax ignores, so scores are computed as (wz / std) · x.
 */
function objective(lists: PackedLists, width: number, z: Standardisation, prior: Float64Array, l2: number) {
  const nLists = lists.offsets.length - 1;
  const { offsets, positive, signals } = lists;
  const raw = new Float64Array(width);
  const gradRaw = new Float64Array(width);
  const scores = new Float64Array(positive.length);
  return (wz: Float64Array, grad: Float64Array): number => {
    for (let f = 0; f < width; f++) raw[f] = wz[f]! / z.std[f]!;
    gradRaw.fill(0);
    let loss = 0;
    scoreRows(lists, width, raw, scores);
    for (let l = 0; l < nLists; l++) {
      const from = offsets[l]!;
      const to = offsets[l + 1]!;
      let max = -Infinity;
      let positives = 0;
      for (let r = from; r < to; r++) {
        if (scores[r]! > max) max = scores[r]!;
        positives += positive[r]!;
      }
      let sum = 0;
      for (let r = from; r < to; r++) sum += Math.exp(scores[r]! - max);
      const logSum = max + Math.log(sum);
      const share = 1 / positives;
      for (let r = from, base = from * width; r < to; r++, base += width) {
        const isTarget = positive[r] === 1;
        if (isTarget) loss -= share * (scores[r]! - logSum);
        const g = Math.exp(scores[r]! - logSum) - (isTarget ? share : 0);
        for (let f = 0; f < width; f++) gradRaw[f]! += g * signals[base + f]!;
      }
    }
    const scale = nLists > 0 ? 1 / nLists : 0;
    loss *= scale;
    for (let f = 0; f < width; f++) {
      const d = wz[f]! - prior[f]!;
      loss += 0.5 * l2 * d * d;
      grad[f] = (gradRaw[f]! * scale) / z.std[f]! + l2 * d;
    }
    return loss;
  };
}

export interface FitOptions {
  l2: number;
  maxIterations: number;
}

/**
 * Minimises the objective, starting from `startRaw` (default the prior: a fit at a neighbouring strength is a
 * better start); returns raw-signal weights.
 */
export function fitListwise(
  lists: PackedLists,
  width: number,
  z: Standardisation,
  priorRaw: ArrayLike<number>,
  options: FitOptions,
  startRaw: ArrayLike<number> = priorRaw,
): Float64Array {
  const prior = Float64Array.from({ length: width }, (_, f) => (priorRaw[f] as number) * (z.std[f] as number));
  const start = Float64Array.from({ length: width }, (_, f) => (startRaw[f] as number) * (z.std[f] as number));
  const wz = minimiseLbfgs(objective(lists, width, z, prior, options.l2), start, options.maxIterations);
  return Float64Array.from(wz, (w, f) => w / (z.std[f] as number));
}

/**
 * Limited-memory BFGS (Nocedal & Wright, algorithm 7.4) with a backtracking Armijo line search; stops when the
 * gradient or the relative improvement is tiny, or after `maxIterations`.
 */
export function minimiseLbfgs(f: (x: Float64Array, grad: Float64Array) => number, start: Float64Array, maxIterations: number, memory = 8): Float64Array {
  const n = start.length;
  let x = Float64Array.from(start);
  let g = new Float64Array(n);
  let fx = f(x, g);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const dot = (a: Float64Array, b: Float64Array) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (a[i] as number) * (b[i] as number);
    return sum;
  };
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (Math.sqrt(dot(g, g)) < 1e-7) break;
    // Two-loop recursion: d = −H g.
    const q = Float64Array.from(g);
    const alpha: number[] = new Array(s.length);
    for (let i = s.length - 1; i >= 0; i--) {
      const a = (rho[i] as number) * dot(s[i] as Float64Array, q);
      alpha[i] = a;
      const yi = y[i] as Float64Array;
      for (let j = 0; j < n; j++) q[j] = (q[j] as number) - a * (yi[j] as number);
    }
    const last = s.length - 1;
    const gamma = last >= 0 ? dot(s[last] as Float64Array, y[last] as Float64Array) / dot(y[last] as Float64Array, y[last] as Float64Array) : 1 / Math.max(1, Math.sqrt(dot(g, g)));
    for (let j = 0; j < n; j++) q[j] = (q[j] as number) * gamma;
    for (let i = 0; i < s.length; i++) {
      const b = (rho[i] as number) * dot(y[i] as Float64Array, q);
      const si = s[i] as Float64Array;
      for (let j = 0; j < n; j++) q[j] = (q[j] as number) + si[j]! * ((alpha[i] as number) - b);
    }
    const direction = q.map((v) => -v);
    let slope = dot(g, direction);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      s.length = y.length = rho.length = 0;
      for (let j = 0; j < n; j++) direction[j] = -(g[j] as number);
      slope = dot(g, direction);
    }
    let step = 1;
    const next = new Float64Array(n);
    const nextGrad = new Float64Array(n);
    let fNext = Infinity;
    for (let tries = 0; tries < 30; tries++) {
      for (let j = 0; j < n; j++) next[j] = (x[j] as number) + step * (direction[j] as number);
      fNext = f(next, nextGrad);
      if (fNext <= fx + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(fNext <= fx)) break;
    const sk = Float64Array.from(next, (v, j) => v - (x[j] as number));
    const yk = Float64Array.from(nextGrad, (v, j) => v - (g[j] as number));
    const sy = dot(sk, yk);
    if (sy > 1e-12) {
      s.push(sk);
      y.push(yk);
      rho.push(1 / sy);
      if (s.length > memory) {
        s.shift();
        y.shift();
        rho.shift();
      }
    }
    const improvement = fx - fNext;
    x = next;
    g = nextGrad;
    fx = fNext;
    if (improvement < 1e-9 * Math.max(1, Math.abs(fx))) break;
  }
  return x;
}

/**
 * Mean NDCG@K over the lists under raw-signal weights `w`: each list ranked by score, ties to the newer post (the
 * evaluation's tie rule), positives as the relevant items.
 */
export function meanNdcg(lists: PackedLists, width: number, w: ArrayLike<number>, k: number): number {
  const nLists = lists.offsets.length - 1;
  if (nLists === 0) return 0;
  const scores = scoreRows(lists, width, w);
  let sum = 0;
  for (let l = 0; l < nLists; l++) {
    const from = lists.offsets[l] as number;
    const to = lists.offsets[l + 1] as number;
    const order: number[] = [];
    const target = new Set<number>();
    for (let r = from; r < to; r++) {
      order.push(r);
      if (lists.positive[r] === 1) target.add(r);
    }
    order.sort((a, b) => (scores[b] as number) - (scores[a] as number) || (lists.createdAt[b] as number) - (lists.createdAt[a] as number) || b - a);
    sum += ndcgAtK(order, target, k);
  }
  return sum / nLists;
}

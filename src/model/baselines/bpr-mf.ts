/**
 * BPR-MF (Rendle et al., 2009): member and post factors plus a post bias, fitted by per-sample SGD on the BPR loss
 * −log σ(x̂_mp − x̂_mn) for an observed (member, post) interaction against a uniformly sampled post. Positives are
 * drawn in proportion to the interaction's weight (type weight × time decay), so recent and stronger engagement
 * counts more. Plain Float32Array code: on this machine it is ~10× faster than tfjs for this shape
 * (shared/notes/tfjs-on-this-machine.md).
 *
 * A post unseen at training time (fresh posts are the normal case once bound to a newer snapshot) gets the mean
 * factors and bias of its author's trained posts, or else of its channel's, or else the global mean, so it is not
 * scored zero. An unseen member gets zero factors: their scores fall back to the post biases (a learned popularity).
 */
import type { GraphSnapshot } from '../../graph/snapshot.js';
import type { RankingMethod, Ranker, TrainOptions } from '../ranker.js';
import { seededRandom } from '../../lib/random.js';

export interface BprMfConfig {
  dims: number;
  epochs: number;
  learningRate: number;
  /** L2 regularisation on the factors and biases touched by each step. */
  regularization: number;
  /** Samples per epoch = this × number of interactions. */
  samplesPerInteraction: number;
}

export const DEFAULT_BPR_MF_CONFIG: BprMfConfig = {
  dims: 32,
  epochs: 30,
  learningRate: 0.05,
  regularization: 0.005,
  samplesPerInteraction: 1,
};

export interface BprMfParams {
  dims: number;
  memberIds: string[];
  postIds: string[];
  /** Row-major [member × dims]. */
  memberFactors: number[];
  /** Row-major [post × dims]. */
  postFactors: number[];
  postBias: number[];
}

export function bprMfMethod(config: Partial<BprMfConfig> = {}): RankingMethod<BprMfParams> {
  const cfg = { ...DEFAULT_BPR_MF_CONFIG, ...config };
  return {
    name: 'bpr-mf',
    train: async (snapshot, options) => trainBprMf(snapshot, cfg, options),
    bind: (params, snapshot) => bindBprMf(params, snapshot),
  };
}

export function trainBprMf(snapshot: GraphSnapshot, cfg: BprMfConfig, options: TrainOptions): BprMfParams {
  const { dims } = cfg;
  const members = snapshot.members.ids.length;
  const posts = snapshot.posts.ids.length;
  const { member: eMember, post: ePost, weight } = snapshot.interactions;
  const edges = eMember.length;
  const random = seededRandom(options.seed);
  const P = new Float32Array(members * dims);
  const Q = new Float32Array(posts * dims);
  const bias = new Float32Array(posts);
  for (let i = 0; i < P.length; i++) P[i] = (random() - 0.5) * 0.1;
  for (let i = 0; i < Q.length; i++) Q[i] = (random() - 0.5) * 0.1;

  const cumulative = new Float64Array(edges);
  let total = 0;
  for (let e = 0; e < edges; e++) {
    total += Math.max(0, weight[e] as number);
    cumulative[e] = total;
  }
  const steps = edges > 0 && posts > 1 && total > 0 ? Math.ceil(edges * cfg.samplesPerInteraction) : 0;
  const { learningRate: lr, regularization: reg } = cfg;
  for (let epoch = 0; epoch < cfg.epochs && steps > 0; epoch++) {
    options.signal?.throwIfAborted();
    let loss = 0;
    for (let s = 0; s < steps; s++) {
      const e = upperBound(cumulative, random() * total);
      const m = eMember[e] as number;
      const pos = ePost[e] as number;
      let neg = Math.floor(random() * posts);
      if (neg === pos) neg = (neg + 1) % posts;
      const mo = m * dims;
      const po = pos * dims;
      const no = neg * dims;
      let x = (bias[pos] as number) - (bias[neg] as number);
      for (let d = 0; d < dims; d++) x += (P[mo + d] as number) * ((Q[po + d] as number) - (Q[no + d] as number));
      // d(−log σ(x))/dx = −σ(−x)
      const g = 1 / (1 + Math.exp(x));
      loss += x > 0 ? Math.log1p(Math.exp(-x)) : -x + Math.log1p(Math.exp(x));
      bias[pos] = (bias[pos] as number) + lr * (g - reg * (bias[pos] as number));
      bias[neg] = (bias[neg] as number) + lr * (-g - reg * (bias[neg] as number));
      for (let d = 0; d < dims; d++) {
        const pm = P[mo + d] as number;
        const qp = Q[po + d] as number;
        const qn = Q[no + d] as number;
        P[mo + d] = pm + lr * (g * (qp - qn) - reg * pm);
        Q[po + d] = qp + lr * (g * pm - reg * qp);
        Q[no + d] = qn + lr * (-g * pm - reg * qn);
      }
    }
    options.onProgress?.({ step: epoch + 1, totalSteps: cfg.epochs, loss: loss / steps });
  }
  return {
    dims,
    memberIds: [...snapshot.members.ids],
    postIds: [...snapshot.posts.ids],
    memberFactors: Array.from(P),
    postFactors: Array.from(Q),
    postBias: Array.from(bias),
  };
}

/** First index whose cumulative weight exceeds `value`. */
function upperBound(cumulative: Float64Array, value: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] as number) > value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function bindBprMf(params: BprMfParams, snapshot: GraphSnapshot): Ranker {
  const { dims } = params;
  const trainedMember = new Map(params.memberIds.map((id, i) => [id, i]));
  const trainedPost = new Map(params.postIds.map((id, i) => [id, i]));
  const memberCount = snapshot.members.ids.length;
  const postCount = snapshot.posts.ids.length;
  const P = new Float32Array(memberCount * dims);
  snapshot.members.ids.forEach((id, m) => {
    const t = trainedMember.get(id);
    if (t !== undefined) P.set(params.memberFactors.slice(t * dims, (t + 1) * dims), m * dims);
  });

  // Post vectors: trained ones as they are; the rest from their author's, channel's or all trained posts' means.
  const Q = new Float32Array(postCount * dims);
  const bias = new Float32Array(postCount);
  const known = new Uint8Array(postCount);
  const byAuthor = new Map<number, Float64Array>();
  const byChannel = new Map<number, Float64Array>();
  const global = new Float64Array(dims + 2);
  const accumulate = (map: Map<number, Float64Array>, key: number, p: number) => {
    let sum = map.get(key);
    if (!sum) map.set(key, (sum = new Float64Array(dims + 2)));
    for (let d = 0; d < dims; d++) sum[d] = (sum[d] as number) + (Q[p * dims + d] as number);
    sum[dims] = (sum[dims] as number) + (bias[p] as number);
    sum[dims + 1] = (sum[dims + 1] as number) + 1;
  };
  for (let p = 0; p < postCount; p++) {
    const t = trainedPost.get(snapshot.posts.ids[p] as string);
    if (t === undefined) continue;
    known[p] = 1;
    for (let d = 0; d < dims; d++) Q[p * dims + d] = params.postFactors[t * dims + d] as number;
    bias[p] = params.postBias[t] as number;
    accumulate(byAuthor, snapshot.posts.author[p] as number, p);
    accumulate(byChannel, snapshot.posts.channel[p] as number, p);
    for (let d = 0; d < dims; d++) global[d] = (global[d] as number) + (Q[p * dims + d] as number);
    global[dims] = (global[dims] as number) + (bias[p] as number);
    global[dims + 1] = (global[dims + 1] as number) + 1;
  }
  for (let p = 0; p < postCount; p++) {
    if (known[p]) continue;
    const author = snapshot.posts.author[p] as number;
    const sum =
      (author >= 0 ? byAuthor.get(author) : undefined) ?? byChannel.get(snapshot.posts.channel[p] as number) ?? global;
    const count = sum[dims + 1] as number;
    if (count === 0) continue;
    for (let d = 0; d < dims; d++) Q[p * dims + d] = (sum[d] as number) / count;
    bias[p] = (sum[dims] as number) / count;
  }

  return {
    name: 'bpr-mf',
    score(member, candidates) {
      const scores = new Float32Array(candidates.length);
      const mo = member * dims;
      for (let i = 0; i < candidates.length; i++) {
        const p = candidates[i] as number;
        let x = bias[p] as number;
        for (let d = 0; d < dims; d++) x += (P[mo + d] as number) * (Q[p * dims + d] as number);
        scores[i] = x;
      }
      return scores;
    },
    dispose() {},
  };
}

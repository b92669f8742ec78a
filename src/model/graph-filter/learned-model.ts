/**
 * The learned part of the graph filter model: base embeddings propagated LightGCN-style over the joint member–post–member graph,
 * relation attention on the member side, content attention on the post side, combined per pair as
 *   s_ij = α · (w_i · f_j)  +  (1 − α) · (u_i · q_j)
 * with u_i = h_i + g · Σ_k b_ik h_k (member vector with its social aggregation, gate g learned),
 *      w_i = u_i W_c (content query), f_j the post's content vector, q_j = p_j + f_j (propagated post vector plus
 *      content, so a post with no interactions — p_j = 0 — is scored from its author, channel and profile),
 *      α = σ(θ) learned jointly.
 */
import { tf } from '../backend.js';
import { contentVectors, pairLogits, type ContentTables } from './content-attention.js';
import type { RelationLists, WeightedCsr } from './interaction-matrix.js';
import { BUCKET_COUNT, BUCKETS_PER_POST, type PostFeatures } from './post-features.js';
import { gatherRows, propagator, type Propagator } from './propagation.js';
import { disposeRelationBatch, relationAttention, relationBatch } from './relation-attention.js';
import { seededRandom } from '../../lib/random.js';

/** Plain, serialisable weights of the learned part, indexed by the snapshot they were trained on. */
export interface LearnedWeights {
  dim: number;
  /** [(members + posts) × dim], members first. */
  base: Float32Array;
  /** [(channels + 1) × dim]; the last row is the unseen-channel vector. */
  channel: Float32Array;
  /** [BUCKET_COUNT × dim]. */
  bucket: Float32Array;
  relationQuery: Float32Array;
  contentQuery: Float32Array;
  alphaLogit: number;
  socialGate: number;
}

/** The graph a model runs on: one snapshot's joint adjacency, relation lists and post features. */
export interface ModelGraph {
  nMembers: number;
  nPosts: number;
  nChannels: number;
  adjacency: WeightedCsr;
  relations: RelationLists;
  features: PostFeatures;
  layers: number;
}

export function initialWeights(graph: ModelGraph, dim: number, seed: number): LearnedWeights {
  const random = seededRandom(seed);
  const normal = (n: number, std: number): Float32Array => {
    const out = new Float32Array(n);
    for (let e = 0; e < n; e++) out[e] = std * Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
    return out;
  };
  return {
    dim,
    base: normal((graph.nMembers + graph.nPosts) * dim, 0.1),
    channel: normal((graph.nChannels + 1) * dim, 0.01),
    bucket: normal(BUCKET_COUNT * dim, 0.01),
    // Zero queries: relation attention starts as a strength-weighted mean, content attention starts neutral.
    relationQuery: new Float32Array(dim * dim),
    contentQuery: new Float32Array(dim * dim),
    alphaLogit: 0,
    socialGate: 0.5,
  };
}

/** Scores of whole member × post blocks: [nMembers, 2d] queries against [2d, nPosts] keys in one matMul. */
export interface Representations {
  /** [nMembers, 2d]: α · w_i ‖ (1 − α) · u_i. */
  memberKeys: tf.Tensor2D;
  /** [2d, nPosts]: f_jᵀ ; q_jᵀ. */
  postKeysT: tf.Tensor2D;
  /** [nMembers, K] relation attention weights. */
  relationWeights: tf.Tensor2D;
  alpha: number;
  dispose(): void;
}

export interface TripletScores {
  positive: tf.Tensor1D;
  negative: tf.Tensor1D;
  regulariser: tf.Scalar;
}

export class LearnedModel {
  readonly dim: number;
  private readonly base: tf.Variable<tf.Rank.R2>;
  private readonly tables: { channel: tf.Variable<tf.Rank.R2>; bucket: tf.Variable<tf.Rank.R2> };
  private readonly relationQuery: tf.Variable<tf.Rank.R2>;
  private readonly contentQuery: tf.Variable<tf.Rank.R2>;
  private readonly alphaLogit: tf.Variable<tf.Rank.R0>;
  private readonly socialGate: tf.Variable<tf.Rank.R0>;
  private readonly propagation: Propagator;
  private readonly channelIndex: tf.Tensor1D;
  private readonly authorIndex: tf.Tensor1D;
  private readonly bucketIndex: tf.Tensor1D;

  constructor(
    private readonly graph: ModelGraph,
    weights: LearnedWeights,
  ) {
    const d = (this.dim = weights.dim);
    const { nMembers, nPosts, nChannels } = graph;
    // Inside tidy: tf.variable keeps its initial tensor alive otherwise, which would leak one tensor per table.
    const variable = <R extends tf.Rank>(make: () => tf.Tensor<R>) => tf.tidy(() => tf.variable(make()));
    this.base = variable(() => tf.tensor2d(weights.base, [nMembers + nPosts, d]));
    this.tables = {
      channel: variable(() => tf.tensor2d(weights.channel, [nChannels + 1, d])),
      bucket: variable(() => tf.tensor2d(weights.bucket, [BUCKET_COUNT, d])),
    };
    this.relationQuery = variable(() => tf.tensor2d(weights.relationQuery, [d, d]));
    this.contentQuery = variable(() => tf.tensor2d(weights.contentQuery, [d, d]));
    this.alphaLogit = variable(() => tf.scalar(weights.alphaLogit));
    this.socialGate = variable(() => tf.scalar(weights.socialGate));
    this.propagation = propagator(graph.adjacency, graph.layers);
    const { features } = graph;
    this.channelIndex = tf.tensor1d(features.channel.map((c) => (c >= 0 && c < nChannels ? c : nChannels)), 'int32');
    this.authorIndex = tf.tensor1d(features.author.map((a) => (a >= 0 ? a : nMembers)), 'int32');
    this.bucketIndex = tf.tensor1d(features.buckets, 'int32');
  }

  variables(): tf.Variable[] {
    return [this.base, this.tables.channel, this.tables.bucket, this.relationQuery, this.contentQuery, this.alphaLogit, this.socialGate];
  }

  /** Propagated member table with a zero row appended (index nMembers: padding and unknown authors). */
  private propagated(): { members: tf.Tensor2D; posts: tf.Tensor2D } {
    const { nMembers, nPosts } = this.graph;
    const all = this.propagation.propagate(this.base);
    const members: tf.Tensor2D = tf.concat([tf.slice(all, [0, 0], [nMembers, this.dim]), tf.zeros([1, this.dim])], 0);
    const posts: tf.Tensor2D = tf.slice(all, [nMembers, 0], [nPosts, this.dim]);
    return { members, posts };
  }

  private memberSide(
    members: Int32Array,
    memberTable: tf.Tensor2D,
  ): { u: tf.Tensor2D; query: tf.Tensor2D; weights: tf.Tensor2D } {
    const own = gatherRows(memberTable, tf.tensor1d(members, 'int32'));
    if (this.graph.relations.k === 0) {
      return { u: own, query: tf.matMul(own, this.contentQuery), weights: tf.zeros([members.length, 0]) };
    }
    const batch = relationBatch(members, this.graph.relations, this.graph.nMembers);
    const { weights, social } = relationAttention(own, memberTable, this.relationQuery, batch);
    disposeRelationBatch(batch);
    const u: tf.Tensor2D = tf.add(own, tf.mul(social, this.socialGate));
    return { u, query: tf.matMul(u, this.contentQuery), weights };
  }

  private postSide(posts: Int32Array, memberTable: tf.Tensor2D, postTable: tf.Tensor2D, keepId?: Float32Array) {
    const index = tf.tensor1d(posts, 'int32');
    const f = contentVectors(
      this.tables as unknown as ContentTables,
      memberTable,
      tf.gather(this.channelIndex, index),
      tf.gather(this.authorIndex, index),
      tf.reshape(tf.gather(tf.reshape(this.bucketIndex, [-1, BUCKETS_PER_POST]), index), [-1]) as tf.Tensor1D,
    );
    let p = gatherRows(postTable, index);
    if (keepId) p = tf.mul(p, tf.tensor2d(keepId, [posts.length, 1]));
    const q: tf.Tensor2D = tf.add(p, f);
    return { f, q };
  }

  /** Scores of sampled (member, positive, negative) triplets for one training step; call inside a tape. */
  tripletScores(
    members: Int32Array,
    positives: Int32Array,
    negatives: Int32Array,
    options: { keepPositiveId?: Float32Array; keepNegativeId?: Float32Array; l2: number },
  ): TripletScores {
    const { members: memberTable, posts: postTable } = this.propagated();
    const { u, query } = this.memberSide(members, memberTable);
    const alpha = tf.sigmoid(this.alphaLogit);
    const score = (posts: Int32Array, keep?: Float32Array): tf.Tensor1D => {
      const { f, q } = this.postSide(posts, memberTable, postTable, keep);
      return tf.add(tf.mul(pairLogits(query, f), alpha), tf.mul(pairLogits(u, q), tf.sub(1, alpha)));
    };
    const positive = score(positives, options.keepPositiveId);
    const negative = score(negatives, options.keepNegativeId);
    const { nMembers } = this.graph;
    const ego = (rows: Int32Array) => tf.sum(tf.square(gatherRows(this.base, tf.tensor1d(rows, 'int32'))));
    const regulariser = tf.mul(
      tf.add(tf.add(ego(members), ego(positives.map((p) => p + nMembers))), ego(negatives.map((p) => p + nMembers))),
      options.l2 / members.length,
    ) as tf.Scalar;
    return { positive, negative, regulariser };
  }

  /** Everything needed to score any member against any post of this graph; the caller disposes it. */
  representations(): Representations {
    const { nMembers, nPosts } = this.graph;
    const alpha = 1 / (1 + Math.exp(-this.alphaLogit.dataSync()[0]!));
    const [memberKeys, postKeysT, relationWeights] = tf.tidy(() => {
      const { members: memberTable, posts: postTable } = this.propagated();
      const { u, query, weights } = this.memberSide(Int32Array.from({ length: nMembers }, (_, i) => i), memberTable);
      const { f, q } = this.postSide(Int32Array.from({ length: nPosts }, (_, i) => i), memberTable, postTable);
      return [
        tf.concat([tf.mul(query, alpha), tf.mul(u, 1 - alpha)], 1) as tf.Tensor2D,
        tf.transpose(tf.concat([f, q], 1)) as tf.Tensor2D,
        weights,
      ];
    });
    return {
      memberKeys: memberKeys!,
      postKeysT: postKeysT!,
      relationWeights: relationWeights!,
      alpha,
      dispose() {
        memberKeys!.dispose();
        postKeysT!.dispose();
        relationWeights!.dispose();
      },
    };
  }

  weights(): LearnedWeights {
    const read = (t: tf.Tensor) => Float32Array.from(t.dataSync());
    return {
      dim: this.dim,
      base: read(this.base),
      channel: read(this.tables.channel),
      bucket: read(this.tables.bucket),
      relationQuery: read(this.relationQuery),
      contentQuery: read(this.contentQuery),
      alphaLogit: this.alphaLogit.dataSync()[0]!,
      socialGate: this.socialGate.dataSync()[0]!,
    };
  }

  dispose(): void {
    for (const v of this.variables()) v.dispose();
    this.propagation.dispose();
    this.channelIndex.dispose();
    this.authorIndex.dispose();
    this.bucketIndex.dispose();
  }
}

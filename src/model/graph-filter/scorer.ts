/**
 * The graph filter model's scoring over one snapshot: the learned part's member and post keys plus the closed-form filter, both
 * bound to that snapshot's graph, and their blend. Used for the holdout while training and by the Ranker.
 */
import type { GraphSnapshot } from '../../graph/snapshot.js';
import type { Ranker } from '../ranker.js';
import { tf } from '../backend.js';
import { blendScores, withFreshness } from './blend.js';
import { closedFormFilter, type ClosedFormFilter, type FilterShape } from './closed-form-filter.js';
import type { GraphFilterConfig } from './config.js';
import { LearnedModel, type LearnedWeights, type Representations } from './learned-model.js';
import { snapshotGraph, type SnapshotGraph } from './model-graph.js';
import { takeRows } from './sparse-product.js';
import { GRAPH_FILTER, type GraphFilterParams } from './params.js';

export class GraphFilterScorer {
  private readonly representations: Representations;
  private readonly filter: ClosedFormFilter;
  readonly nPosts: number;

  constructor(
    readonly graph: SnapshotGraph,
    weights: LearnedWeights,
    lowPass: Float32Array,
    rank: number,
  ) {
    const model = new LearnedModel(graph.graph, weights);
    try {
      this.representations = model.representations();
    } finally {
      model.dispose();
    }
    this.filter = closedFormFilter(graph.interactions, lowPass, rank);
    this.nPosts = graph.graph.nPosts;
  }

  get alpha(): number {
    return this.representations.alpha;
  }

  /** Filter scores per shape and learned scores, each [members, candidates] (all posts when candidates is null). */
  components(
    members: Int32Array,
    candidates: Int32Array | null,
    shapes: readonly FilterShape[],
  ): { filters: tf.Tensor2D[]; learned: tf.Tensor2D } {
    const itemMajor = shapes.length > 0 ? this.filter.score(members, shapes) : [];
    return tf.tidy(() => {
      const pick = (x: tf.Tensor2D): tf.Tensor2D => (candidates ? tf.gather(x, tf.tensor1d(candidates, 'int32'), 1) : x);
      const filters = itemMajor.map((s) => pick(tf.transpose(s)));
      for (const s of itemMajor) s.dispose();
      const keys = takeRows(this.representations.memberKeys, tf.tensor1d(members, 'int32'));
      const learned = pick(tf.matMul(keys, this.representations.postKeysT));
      return { filters, learned };
    });
  }

  /** The freshness prior at the snapshot's time, [1, candidates] (all posts when candidates is null). */
  freshness(candidates: Int32Array | null): tf.Tensor2D {
    return tf.tidy(() => {
      const all = tf.tensor2d(this.graph.freshness, [1, this.nPosts]);
      return candidates ? tf.gather(all, tf.tensor1d(candidates, 'int32'), 1) : all;
    });
  }

  /** Relation attention weights of one member over its strongest relations (relation lists order). */
  relationWeights(member: number): Float32Array {
    const k = this.graph.graph.relations.k;
    if (k === 0) return new Float32Array(0);
    return tf.tidy(() => this.representations.relationWeights.slice([member, 0], [1, k]).dataSync() as Float32Array).slice();
  }

  dispose(): void {
    this.representations.dispose();
    this.filter.dispose();
  }
}

/** A Ranker with the graph filter model's extras: whole batches at once (benchmarks) and the relation attention it used. */
export interface GraphFilterRanker extends Ranker {
  /** Blended scores [members.length × candidates] (all posts when candidates is omitted), member-major. */
  scoreBatch(members: Int32Array, candidates?: Int32Array): Float32Array;
  /** The member's strongest relations (member indices of the bound snapshot) and their attention weights. */
  relationAttention(member: number): { members: Int32Array; weights: Float32Array };
}

/** Re-indexes trained weights onto `snapshot` by Discord id; unseen members and posts start from zero vectors. */
function alignedWeights(params: GraphFilterParams, snapshot: GraphSnapshot): { weights: LearnedWeights; lowPass: Float32Array } {
  const d = params.learned.dim;
  const index = (ids: string[]) => new Map(ids.map((id, i) => [id, i]));
  const oldMembers = index(params.memberIds);
  const oldPosts = index(params.postIds);
  const oldChannels = index(params.channelIds);
  const nOldMembers = params.memberIds.length;
  const { members, posts, channels } = snapshot;
  const base = new Float32Array((members.ids.length + posts.ids.length) * d);
  members.ids.forEach((id, i) => {
    const old = oldMembers.get(id);
    if (old !== undefined) base.set(params.learned.base.subarray(old * d, (old + 1) * d), i * d);
  });
  const rank = params.filter.rank;
  const lowPass = new Float32Array(posts.ids.length * rank);
  posts.ids.forEach((id, p) => {
    const old = oldPosts.get(id);
    if (old === undefined) return;
    base.set(params.learned.base.subarray((nOldMembers + old) * d, (nOldMembers + old + 1) * d), (members.ids.length + p) * d);
    if (rank > 0) lowPass.set(params.filter.lowPass.subarray(old * rank, (old + 1) * rank), p * rank);
  });
  const unseenChannel = params.channelIds.length;
  const channel = new Float32Array((channels.ids.length + 1) * d);
  [...channels.ids, null].forEach((id, c) => {
    const old = id === null ? unseenChannel : (oldChannels.get(id) ?? unseenChannel);
    channel.set(params.learned.channel.subarray(old * d, (old + 1) * d), c * d);
  });
  return { weights: { ...params.learned, base, channel }, lowPass };
}

export function bindGraphFilter(params: GraphFilterParams, snapshot: GraphSnapshot): GraphFilterRanker {
  const config: GraphFilterConfig = params.config;
  const { weights, lowPass } = alignedWeights(params, snapshot);
  const scorer = new GraphFilterScorer(snapshotGraph(snapshot, config), weights, lowPass, params.filter.rank);
  const shape: FilterShape = { beta: params.filter.beta, coef: params.filter.coef };
  const useFilter = params.filterWeight > 0;
  const freshnessWeight = params.freshnessWeight ?? 0;
  let disposed = false;
  const scoreBatch = (members: Int32Array, candidates?: Int32Array): Float32Array => {
    if (disposed) throw new Error('graph-filter ranker used after dispose()');
    const { filters, learned } = scorer.components(members, candidates ?? null, useFilter ? [shape] : []);
    const blended = blendScores(filters[0] ?? null, learned, params.filterWeight);
    const freshness = freshnessWeight > 0 ? scorer.freshness(candidates ?? null) : null;
    const ranked = withFreshness(blended, freshness, freshnessWeight);
    const out = ranked.dataSync() as Float32Array;
    if (ranked !== blended) ranked.dispose();
    blended.dispose();
    freshness?.dispose();
    learned.dispose();
    for (const f of filters) f.dispose();
    return out;
  };
  const relations = scorer.graph.graph.relations;
  return {
    name: GRAPH_FILTER,
    score(member, candidates) {
      if (candidates.length === 0) return new Float32Array(0);
      return scoreBatch(Int32Array.of(member), candidates);
    },
    scoreBatch,
    relationAttention(member) {
      const weights = scorer.relationWeights(member);
      const to = relations.to.subarray(member * relations.k, (member + 1) * relations.k);
      const present = to.findIndex((m) => m < 0);
      const n = present === -1 ? relations.k : present;
      return { members: to.slice(0, n), weights: weights.slice(0, n) };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      scorer.dispose();
    },
  };
}

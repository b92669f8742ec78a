/** One snapshot as the graph structures the graph filter model's components run on (interaction matrix, joint adjacency, relations, post features). */
import type { GraphSnapshot } from '../../graph/snapshot.js';
import { freshnessPrior } from './blend.js';
import type { GraphFilterConfig } from './config.js';
import { interactionMatrix, relationMatrix, strongestRelations, type EventMask, type WeightedCsr } from './interaction-matrix.js';
import type { ModelGraph } from './learned-model.js';
import { postFeatures } from './post-features.js';
import { jointAdjacency } from './propagation.js';

export interface SnapshotGraph {
  interactions: WeightedCsr;
  graph: ModelGraph;
  /** Per post, the freshness prior at the snapshot's time (blend.ts freshnessPrior). */
  freshness: Float32Array;
}

/** `keep` restricts the interactions to a subset of events (the fit part when tuning on a holdout). */
export function snapshotGraph(snapshot: GraphSnapshot, config: GraphFilterConfig, keep?: EventMask): SnapshotGraph {
  const interactions = interactionMatrix(snapshot, keep);
  const relations = config.relationWeight > 0 && snapshot.relations.from.length > 0 ? relationMatrix(snapshot) : null;
  return {
    interactions,
    freshness: freshnessPrior(snapshot.posts.createdAt, snapshot.at),
    graph: {
      nMembers: snapshot.members.ids.length,
      nPosts: snapshot.posts.ids.length,
      nChannels: snapshot.channels.ids.length,
      adjacency: jointAdjacency(interactions, relations, config.relationWeight),
      relations: strongestRelations(snapshot, config.relationsPerMember),
      features: postFeatures(snapshot),
      layers: config.layers,
    },
  };
}

/**
 * The graph filter model's hyperparameters. Presets are plain data so a training run's config is stored with its parameters.
 * `guild` is the default for Discord communities (hundreds to a few thousand posts per window); `gowalla` fixes
 * the filter shape the research spike picked on a validation split carved from Gowalla's training data
 * (bench/graph-filter-on-gowalla.md: k = 448, β = 0.3, sharpening h = 2) and spends the rest on the learned part.
 */
import { z } from 'zod';

export const graphFilterConfigSchema = z.object({
  /** Embedding width of the learned part. */
  dim: z.number().int().positive(),
  /** LightGCN propagation layers. */
  layers: z.number().int().nonnegative(),
  /** Relation edges in propagation are strength × this (0 leaves relations out of propagation). */
  relationWeight: z.number().nonnegative(),
  /** Strongest relations per member that relation attention looks at (0 disables relation attention). */
  relationsPerMember: z.number().int().nonnegative(),
  /** Training steps on the fit part, then extra steps on the whole snapshot once the blend is tuned. */
  steps: z.number().int().nonnegative(),
  refitSteps: z.number().int().nonnegative(),
  batchSize: z.number().int().positive(),
  /**
   * Cap on passes over the interactions (each phase): a small guild trains in a few dozen small steps instead of
   * hundreds of steps over the same few hundred pairs.
   */
  maxEpochs: z.number().positive(),
  learningRate: z.number().positive(),
  /** L2 on the base embeddings in a batch (LightGCN's regulariser). */
  l2: z.number().nonnegative(),
  /** Share of sampled posts whose id embedding is dropped, so the feature path learns to score fresh posts. */
  idDropout: z.number().min(0).max(1),
  /** Closed-form filter: low-pass rank, and the shapes (β, sharpening h) tried on the holdout. */
  lowPassRank: z.number().int().nonnegative(),
  lowPassIterations: z.number().int().positive(),
  lowPassOversample: z.number().int().nonnegative(),
  filterBetas: z.array(z.number().nonnegative()).min(1),
  filterSharpening: z.array(z.number().nonnegative()).min(1),
  /** Weights λ of the filter in the blend tried on the holdout (1 − λ goes to the learned part). */
  blendWeights: z.array(z.number().min(0).max(1)).min(1),
  /**
   * Weights ρ of the freshness prior (newer posts first) added to the blend, tried on the holdout. A digest ranks
   * the last day's posts, and in most communities attention fades within hours: the prior lets the holdout decide
   * how much age matters in this guild. Data without post times (Gowalla) leaves it out whatever the weight.
   * Parameters stored before it existed read as [0].
   */
  freshnessWeights: z.array(z.number().nonnegative()).min(1).default([0]),
  /** Share of interaction events held out (the latest ones when events have times) to tune the blend. */
  holdoutFraction: z.number().min(0).max(0.5),
  /** At most this many holdout members are scored when tuning (cost bound on large data). */
  holdoutMembers: z.number().int().positive(),
  /** Cut-off of the holdout ranking metric (NDCG@K). */
  holdoutK: z.number().int().positive(),
  /** Members scored per batch when many are scored at once. */
  scoreBatch: z.number().int().positive(),
});
export type GraphFilterConfig = z.infer<typeof graphFilterConfigSchema>;

export const GRAPH_FILTER_PRESETS = {
  guild: {
    dim: 32,
    layers: 2,
    relationWeight: 0.5,
    relationsPerMember: 16,
    steps: 300,
    refitSteps: 100,
    batchSize: 2048,
    maxEpochs: 40,
    learningRate: 0.01,
    l2: 1e-4,
    idDropout: 0.2,
    lowPassRank: 64,
    lowPassIterations: 6,
    lowPassOversample: 32,
    filterBetas: [0, 0.3],
    filterSharpening: [0, 1],
    blendWeights: [0, 0.25, 0.5, 0.75, 0.9, 1],
    freshnessWeights: [0, 0.25, 0.5, 1, 2],
    holdoutFraction: 0.1,
    holdoutMembers: 2000,
    holdoutK: 20,
    scoreBatch: 256,
  },
  gowalla: {
    // The learned part is kept small here: on 30k × 41k with 1.6M edges one BPR step costs seconds on 2 shared
    // cores, and the holdout decides how much of it the blend uses anyway.
    dim: 32,
    layers: 2,
    relationWeight: 0.5,
    relationsPerMember: 0,
    steps: 30,
    refitSteps: 0,
    batchSize: 32768,
    maxEpochs: 40,
    learningRate: 0.05,
    l2: 1e-4,
    idDropout: 0,
    lowPassRank: 448,
    lowPassIterations: 6,
    lowPassOversample: 64,
    filterBetas: [0.3],
    filterSharpening: [2],
    blendWeights: [0.8, 0.9, 0.95, 1],
    freshnessWeights: [0],
    holdoutFraction: 0.1,
    holdoutMembers: 1024,
    holdoutK: 20,
    scoreBatch: 256,
  },
} as const satisfies Record<string, GraphFilterConfig>;
export type GraphFilterPreset = keyof typeof GRAPH_FILTER_PRESETS;

export function graphFilterConfig(preset: GraphFilterPreset = 'guild', overrides: Partial<GraphFilterConfig> = {}): GraphFilterConfig {
  const base = GRAPH_FILTER_PRESETS[preset];
  return graphFilterConfigSchema.parse({
    ...base,
    filterBetas: [...base.filterBetas],
    filterSharpening: [...base.filterSharpening],
    blendWeights: [...base.blendWeights],
    freshnessWeights: [...base.freshnessWeights],
    ...overrides,
  });
}

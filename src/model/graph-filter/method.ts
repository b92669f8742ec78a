/**
 * The "graph-filter" RankingMethod (called attune until the signal ranker took over serving): the closed-form graph
 * filter (interaction-based score) blended with the learned part (propagated embeddings, relation attention, content
 * attention) and a freshness prior, the blend and the filter's shape tuned on a holdout carved from the training
 * snapshot, then everything refitted on the whole snapshot. Its cost grows with every post a guild ever made (its
 * tensors are [posts × …]), so it is no longer trained by default: it serves runs stored under its old name, and its
 * scores are available to benchmarks.
 *
 * train: 1. hold out the latest events; 2. fit the filter's low-pass vectors and train the learned part (BPR) on
 * the rest; 3. pick the filter shape and λ by NDCG@K on the holdout; 4. refit the low-pass vectors on the whole
 * snapshot and continue training the learned part on it for `refitSteps`.
 */
import { tf } from '../backend.js';
import { selectBackend } from '../backend.js';
import { silentLogger } from '../../ops/log.js';
import type { GraphSnapshot } from '../../graph/snapshot.js';
import type { RankingMethod, TrainOptions, TrainProgress } from '../ranker.js';
import { blendScores, freshnessPrior, withFreshness } from './blend.js';
import { lowPassVectors, sharpeningCoefficients, type FilterShape } from './closed-form-filter.js';
import { graphFilterConfig, type GraphFilterConfig } from './config.js';
import { HoldoutScore, holdoutMask, holdoutStart, holdoutTargets, postsNotYetCreated } from './holdout.js';
import { LearnedModel, initialWeights, type LearnedWeights } from './learned-model.js';
import { snapshotGraph, type SnapshotGraph } from './model-graph.js';
import { GRAPH_FILTER, type GraphFilterParams } from './params.js';
import { bprLoss, tripletSampler } from './ranking-loss.js';
import { GraphFilterScorer, bindGraphFilter, type GraphFilterRanker } from './scorer.js';
import { seededRandom } from '../../lib/random.js';

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('graph-filter training aborted');
}

/** Lets abort signals and other work through between steps (training runs on a worker's event loop). */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

interface StepContext {
  config: GraphFilterConfig;
  random: () => number;
  options: TrainOptions;
  report: (p: Omit<TrainProgress, 'totalSteps'>) => void;
  stepOffset: number;
}

/** Batch size and step count for one phase: batches no larger than the data, at most `maxEpochs` passes. */
export function stepPlan(interactions: number, steps: number, config: GraphFilterConfig): { batch: number; steps: number } {
  const batch = Math.max(1, Math.min(config.batchSize, interactions));
  return { batch, steps: Math.min(steps, Math.ceil((config.maxEpochs * interactions) / batch)) };
}

/** BPR steps on one graph; returns the losses. */
async function trainSteps(model: LearnedModel, graph: SnapshotGraph, plannedSteps: number, ctx: StepContext): Promise<number[]> {
  const sampler = tripletSampler(graph.interactions, ctx.random);
  const losses: number[] = [];
  const { batch: batchSize, steps } = stepPlan(graph.interactions.idx.length, plannedSteps, ctx.config);
  if (sampler.empty || steps === 0) return losses;
  const { config } = ctx;
  const optimizer = tf.train.adam(config.learningRate);
  try {
    for (let step = 0; step < steps; step++) {
      throwIfAborted(ctx.options.signal);
      const batch = sampler.sample(batchSize);
      const keep = (): Float32Array | undefined =>
        config.idDropout > 0 ? Float32Array.from({ length: batchSize }, () => (ctx.random() < config.idDropout ? 0 : 1)) : undefined;
      const keepPositiveId = keep();
      const keepNegativeId = keep();
      const loss = optimizer.minimize(
        () => {
          const s = model.tripletScores(batch.members, batch.positives, batch.negatives, {
            keepPositiveId,
            keepNegativeId,
            l2: config.l2,
          });
          return tf.add(bprLoss(s.positive, s.negative), s.regulariser) as tf.Scalar;
        },
        true,
        model.variables(),
      );
      const value = loss!.dataSync()[0]!;
      loss!.dispose();
      losses.push(value);
      ctx.report({ step: ctx.stepOffset + step + 1, loss: value });
      await yieldToEventLoop();
    }
  } finally {
    optimizer.dispose();
  }
  return losses;
}

interface Tuned {
  shape: FilterShape;
  filterWeight: number;
  freshnessWeight: number;
  ndcg: number;
  ndcgFilterOnly: number;
  ndcgLearnedOnly: number;
  members: number;
}

/** Grid over filter shapes × λ × ρ on the holdout, scoring all posts per holdout member. */
async function tuneOnHoldout(
  scorer: GraphFilterScorer,
  fit: SnapshotGraph,
  targets: Map<number, Set<number>>,
  moment: { freshness: Float32Array; notYetCreated: Uint8Array },
  shapes: FilterShape[],
  config: GraphFilterConfig,
  random: () => number,
  signal: AbortSignal | undefined,
): Promise<Tuned> {
  let members = [...targets.keys()].sort((a, b) => a - b);
  if (members.length > config.holdoutMembers) {
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [members[i], members[j]] = [members[j]!, members[i]!];
    }
    members = members.slice(0, config.holdoutMembers).sort((a, b) => a - b);
  }
  const { nPosts } = scorer;
  const k = config.holdoutK;
  // Without post times the prior is constant and adds nothing: do not spend the grid on it.
  const timed = moment.freshness.some((v) => v !== moment.freshness[0]);
  const rhos = timed ? config.freshnessWeights : [0];
  const unavailable = Int32Array.from(Array.from(moment.notYetCreated.keys()).filter((p) => moment.notYetCreated[p] === 1));
  const grid = shapes.map(() => config.blendWeights.map(() => rhos.map(() => new HoldoutScore(nPosts, k, unavailable))));
  const learnedOnly = new HoldoutScore(nPosts, k, unavailable);
  const freshnessAtStart = tf.tensor2d(moment.freshness, [1, nPosts]);
  for (let start = 0; start < members.length; start += config.scoreBatch) {
    throwIfAborted(signal);
    const batch = Int32Array.from(members.slice(start, start + config.scoreBatch));
    const { filters, learned } = scorer.components(batch, null, shapes);
    const rowsOf = (t: tf.Tensor2D) => {
      const data = t.dataSync() as Float32Array;
      return (b: number) => data.subarray(b * nPosts, (b + 1) * nPosts);
    };
    const learnedRows = rowsOf(learned);
    batch.forEach((m, b) => learnedOnly.add(m, learnedRows(b), fit.interactions, targets.get(m)!));
    shapes.forEach((_, si) => {
      config.blendWeights.forEach((lambda, li) => {
        const blended = blendScores(filters[si]!, learned, lambda);
        rhos.forEach((rho, ri) => {
          const ranked = withFreshness(blended, freshnessAtStart, rho);
          const rows = rowsOf(ranked);
          batch.forEach((m, b) => grid[si]![li]![ri]!.add(m, rows(b), fit.interactions, targets.get(m)!));
          if (ranked !== blended) ranked.dispose();
        });
        blended.dispose();
      });
    });
    learned.dispose();
    for (const f of filters) f.dispose();
    await yieldToEventLoop();
  }
  freshnessAtStart.dispose();
  let best: Tuned = {
    shape: shapes[0]!,
    filterWeight: 0,
    freshnessWeight: 0,
    ndcg: learnedOnly.ndcg,
    ndcgFilterOnly: 0,
    ndcgLearnedOnly: learnedOnly.ndcg,
    members: members.length,
  };
  let bestFilterOnly = 0;
  shapes.forEach((shape, si) => {
    config.blendWeights.forEach((lambda, li) => {
      rhos.forEach((rho, ri) => {
        const ndcg = grid[si]![li]![ri]!.ndcg;
        if (lambda === 1 && rho === 0) bestFilterOnly = Math.max(bestFilterOnly, ndcg);
        if (ndcg > best.ndcg) best = { ...best, shape, filterWeight: lambda, freshnessWeight: rho, ndcg };
      });
    });
  });
  return { ...best, ndcgFilterOnly: bestFilterOnly };
}

export interface GraphFilterMethod extends RankingMethod<GraphFilterParams> {
  readonly config: GraphFilterConfig;
  bind(params: GraphFilterParams, snapshot: GraphSnapshot): GraphFilterRanker;
}

export function graphFilterMethod(config: GraphFilterConfig = graphFilterConfig()): GraphFilterMethod {
  return {
    name: GRAPH_FILTER,
    config,
    async train(snapshot, options) {
      // Idempotent: keeps whatever backend the process already selected (the training worker selects first).
      await selectBackend('auto', silentLogger);
      const random = seededRandom(options.seed);
      const keep = holdoutMask(snapshot, config.holdoutFraction, random);
      const fit = snapshotGraph(snapshot, config, keep);
      const fitSteps = stepPlan(fit.interactions.idx.length, config.steps, config).steps;
      let totalSteps = fitSteps + config.refitSteps;
      const report = (p: Omit<TrainProgress, 'totalSteps'>) => options.onProgress?.({ ...p, totalSteps });
      const shapes: FilterShape[] = [];
      for (const beta of config.filterBetas)
        for (const h of config.filterSharpening) shapes.push({ beta, coef: sharpeningCoefficients(h) });
      const lowPassOptions = { seed: options.seed, oversample: config.lowPassOversample, iterations: config.lowPassIterations };
      const needsLowPass = (betas: number[]) => config.lowPassRank > 0 && betas.some((b) => b > 0);

      // 1–2. Fit part.
      throwIfAborted(options.signal);
      report({ step: 0, message: 'low-pass vectors (fit part)' });
      let lowPass = needsLowPass(config.filterBetas) ? lowPassVectors(fit.interactions, config.lowPassRank, lowPassOptions) : new Float32Array(0);
      let rank = lowPass.length / Math.max(1, fit.graph.nPosts);
      await yieldToEventLoop();
      throwIfAborted(options.signal);
      let weights: LearnedWeights = initialWeights(fit.graph, config.dim, options.seed);
      const model = new LearnedModel(fit.graph, weights);
      try {
        await trainSteps(model, fit, fitSteps, { config, random, options, report, stepOffset: 0 });
        weights = model.weights();
      } finally {
        model.dispose();
      }

      // 3. Tune the filter shape and λ on the holdout.
      // Tuning stands where a digest would when the holdout begins: later posts do not exist, age counts from then.
      const start = holdoutStart(snapshot, keep);
      const notYetCreated = postsNotYetCreated(snapshot, start);
      const moment = { freshness: freshnessPrior(snapshot.posts.createdAt, start), notYetCreated };
      const targets = holdoutTargets(snapshot, keep, fit.interactions, notYetCreated);
      let tuned: Tuned = { shape: shapes[0]!, filterWeight: 0, freshnessWeight: 0, ndcg: 0, ndcgFilterOnly: 0, ndcgLearnedOnly: 0, members: 0 };
      if (targets.size > 0) {
        report({ step: fitSteps, message: `tuning the blend on ${Math.min(targets.size, config.holdoutMembers)} holdout members` });
        const scorer = new GraphFilterScorer(fit, weights, lowPass, rank);
        try {
          tuned = await tuneOnHoldout(scorer, fit, targets, moment, shapes, config, random, options.signal);
        } finally {
          scorer.dispose();
        }
      } else {
        // Nothing to tune on (tiny or brand-new guild): trust the filter as much as the learned part.
        tuned = { ...tuned, filterWeight: 0.5 };
      }
      report({
        step: fitSteps,
        message: `holdout NDCG@${config.holdoutK}: blend ${tuned.ndcg.toFixed(4)} (λ=${tuned.filterWeight}, ρ=${tuned.freshnessWeight}), filter only ${tuned.ndcgFilterOnly.toFixed(4)}, learned only ${tuned.ndcgLearnedOnly.toFixed(4)}`,
      });

      // 4. Refit on the whole snapshot.
      const full = snapshotGraph(snapshot, config);
      const lowPassUsed = tuned.filterWeight > 0 && tuned.shape.beta > 0 && config.lowPassRank > 0;
      if (lowPassUsed && config.holdoutFraction > 0) {
        report({ step: fitSteps, message: 'low-pass vectors (whole snapshot)' });
        lowPass = lowPassVectors(full.interactions, config.lowPassRank, lowPassOptions);
        rank = lowPass.length / Math.max(1, full.graph.nPosts);
      } else if (!lowPassUsed) {
        lowPass = new Float32Array(0);
        rank = 0;
      }
      throwIfAborted(options.signal);
      const refitSteps = stepPlan(full.interactions.idx.length, config.refitSteps, config).steps;
      totalSteps = fitSteps + refitSteps;
      if (refitSteps > 0) {
        const refit = new LearnedModel(full.graph, weights);
        try {
          await trainSteps(refit, full, refitSteps, { config, random, options, report, stepOffset: fitSteps });
          weights = refit.weights();
        } finally {
          refit.dispose();
        }
      }
      return {
        format: 'attune/1',
        config,
        memberIds: [...snapshot.members.ids],
        postIds: [...snapshot.posts.ids],
        channelIds: [...snapshot.channels.ids],
        learned: weights,
        filter: { beta: lowPassUsed ? tuned.shape.beta : 0, coef: tuned.shape.coef, rank, lowPass },
        filterWeight: tuned.filterWeight,
        freshnessWeight: tuned.freshnessWeight,
        holdout: {
          members: tuned.members,
          k: config.holdoutK,
          ndcg: tuned.ndcg,
          ndcgFilterOnly: tuned.ndcgFilterOnly,
          ndcgLearnedOnly: tuned.ndcgLearnedOnly,
        },
      };
    },
    bind(params, snapshot) {
      return bindGraphFilter(params, snapshot);
    },
  };
}

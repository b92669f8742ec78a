/**
 * The "signal-ranker" RankingMethod: a linear ranker over the content-free member × candidate signals of
 * signals.ts, s = Σ_f w_f · x_f, with weights learned per guild by a listwise loss on cuts of the guild's own
 * history (training-lists.ts, listwise-fit.ts) and the documented fallback weights (config.ts) where the history
 * is too short to learn from or the learned weights do not beat them on the newest cuts.
 *
 * train: 1. index the snapshot's events by time; 2. from the newest cut back, build lists (the newest
 * `validationCuts` with up to `validationNegativesPerList` non-targets, older ones with `negativesPerList`) until
 * there are enough; 3. fit the weights at each L2 strength (pulled towards the fallback), and keep whichever of
 * them or the fallback ranks the validation cuts best (NDCG@K); 4. refit the chosen strength on every list.
 * bind: indexes the (newer) snapshot and scores at its time; nothing is tied to post or member ids, so fresh posts
 * and new members are scored from their signals like any other.
 */
import type { GraphSnapshot } from '../../graph/snapshot.js';
import { seededRandom } from '../../lib/random.js';
import type { Ranker, RankingMethod, RankingReason, TrainOptions } from '../ranker.js';
import { DEFAULT_PRIOR, PRIORS, priorVector, signalRankerConfig, type PriorName, type SignalRankerConfig } from './config.js';
import { buildEventIndex, type EventIndex } from './event-index.js';
import { fitListwise, meanNdcg, standardisation } from './listwise-fit.js';
import type { SignalRankerParams } from './params.js';
import { MemberProfile, POST_SIGNAL_COUNT, SIGNAL_COUNT, SIGNAL_INDEX, SIGNALS, postSignals } from './signals.js';
import { concatLists, listsAtCut, trainingCutTimes, withSampledNegatives, type PackedLists } from './training-lists.js';

export const SIGNAL_RANKER = 'signal-ranker';

/** Lets abort signals and other work through between cuts (training runs on a worker's event loop). */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface SignalRanker extends Ranker {
  explain(member: number, candidates: Int32Array): (RankingReason | null)[];
}

export interface SignalRankerMethod extends RankingMethod<SignalRankerParams> {
  bind(params: SignalRankerParams, snapshot: GraphSnapshot): SignalRanker;
}

export function signalRankerMethod(config: SignalRankerConfig = signalRankerConfig()): SignalRankerMethod {
  return {
    name: SIGNAL_RANKER,
    train: (snapshot, options) => trainSignalRanker(snapshot, config, options),
    bind: (params, snapshot) => bindSignalRanker(params, snapshot),
  };
}

export async function trainSignalRanker(snapshot: GraphSnapshot, config: SignalRankerConfig, options: TrainOptions): Promise<SignalRankerParams> {
  const protocol = options.protocol ?? { windowMs: config.windowMs, horizonMs: config.horizonMs };
  const random = seededRandom(options.seed);
  const index = buildEventIndex(snapshot);
  const profile = new MemberProfile(index);
  const cuts = trainingCutTimes(index, protocol, config.maxCuts, config.trainingSpanMs);
  const report = (step: number, message: string) => options.onProgress?.({ step, totalSteps: cuts.length + 1, message });

  const validationParts: PackedLists[] = [];
  const trainingParts: PackedLists[] = [];
  let trainingLists = 0;
  for (const [i, at] of cuts.entries()) {
    options.signal?.throwIfAborted();
    const validation = i < config.validationCuts;
    const lists = listsAtCut(index, at, protocol, { listsPerCut: config.listsPerCut, negativesPerList: validation ? config.validationNegativesPerList : config.negativesPerList, random }, profile);
    (validation ? validationParts : trainingParts).push(lists);
    if (!validation) trainingLists += lists.offsets.length - 1;
    report(i + 1, `cut ${new Date(at).toISOString()}: ${lists.offsets.length - 1} lists`);
    await yieldToEventLoop();
    if (trainingLists >= config.targetLists) break;
  }
  const usedCuts = validationParts.length + trainingParts.length;
  const validation = concatLists(validationParts.splice(0));
  const training = concatLists(trainingParts.splice(0));
  const validationLists = validation.offsets.length - 1;

  // 1. The prior: the documented fixed ranking that ranks the guild's history best (no fitting, every list counts).
  const priorScores = selectPrior(training, validation, config);
  const prior = priorScores.length > 0 ? (priorScores[0] as PriorScore).name : DEFAULT_PRIOR;
  const priorWeights = priorVector(prior);
  const fixed = (reason: string, learned: { l2: number; ndcg: number }[] = []): SignalRankerParams => ({
    format: 'signal-ranker/1',
    config,
    signals: SIGNALS.map((s) => s.name),
    weights: priorWeights,
    source: 'prior',
    prior,
    l2: null,
    training: { cuts: usedCuts, lists: trainingLists, validationLists, priors: priorScores, learned, reason },
  });
  if (trainingLists < config.minTrainingLists || validationLists === 0) {
    return fixed(
      `${trainingLists} training and ${validationLists} validation lists (need ${config.minTrainingLists} and 1): too little history to learn from; ` +
        `the ${prior} prior serves${priorScores.length > 0 ? ' (best of the priors on the history)' : ''}`,
    );
  }

  // 2. Weights fitted at each strength of the pull towards the prior, strongest first (each fit starts from the
  // previous one), judged on the validation cuts against the prior itself.
  options.signal?.throwIfAborted();
  const z = standardisation(training, SIGNAL_COUNT);
  const priorNdcg = meanNdcg(validation, SIGNAL_COUNT, priorWeights, config.k);
  const fits: { l2: number; ndcg: number; weights: Float64Array }[] = [];
  let start: ArrayLike<number> = priorWeights;
  for (const strength of [...config.priorStrength].sort((a, b) => b - a)) {
    const l2 = strength / trainingLists;
    const weights = fitListwise(training, SIGNAL_COUNT, z, priorWeights, { l2, maxIterations: config.maxIterations }, start);
    start = weights;
    fits.push({ l2, ndcg: meanNdcg(validation, SIGNAL_COUNT, weights, config.k), weights });
    await yieldToEventLoop();
  }
  const learned = fits.map(({ l2, ndcg }) => ({ l2, ndcg }));
  // Ties go to the stronger pull (closer to the documented weights), and to the prior itself.
  const best = fits.reduce<(typeof fits)[number] | null>((a, b) => (a === null || b.ndcg > a.ndcg ? b : a), null);
  if (!best || !(best.ndcg > priorNdcg)) {
    return fixed(
      `learned weights do not beat the ${prior} prior on the ${validationLists} validation lists ` +
        `(NDCG@${config.k} ${best?.ndcg.toFixed(4)} vs ${priorNdcg.toFixed(4)}); the prior serves`,
      learned,
    );
  }

  // 3. Refit at the chosen strength on every list. The validation lists join with sampled non-targets, like the
  // training lists (whole, they would outweigh them and cost ten times more).
  report(usedCuts + 1, `refitting on ${trainingLists + validationLists} lists`);
  const all = concatLists([training, withSampledNegatives(validation, config.negativesPerList, random)]);
  const l2 = (best.l2 * trainingLists) / (all.offsets.length - 1);
  const weights = fitListwise(all, SIGNAL_COUNT, standardisation(all, SIGNAL_COUNT), priorWeights, { l2, maxIterations: config.maxIterations }, best.weights);
  return {
    format: 'signal-ranker/1',
    config,
    signals: SIGNALS.map((s) => s.name),
    weights: Array.from(weights),
    source: 'learned',
    prior,
    l2,
    training: {
      cuts: usedCuts,
      lists: trainingLists,
      validationLists,
      priors: priorScores,
      learned,
      reason:
        `learned around the ${prior} prior (λ=${l2.toPrecision(3)}): validation NDCG@${config.k} ${best.ndcg.toFixed(4)} ` +
        `vs the prior's ${priorNdcg.toFixed(4)} on ${validationLists} lists`,
    },
  };
}

export interface PriorScore {
  name: PriorName;
  ndcg: number;
}

/**
 * The priors ranked by mean NDCG@K over every list (validation lists whole, training lists with sampled
 * non-targets); the listing order breaks ties (balanced first). Empty below `minSelectionLists` lists.
 */
function selectPrior(training: PackedLists, validation: PackedLists, config: SignalRankerConfig): PriorScore[] {
  const nTraining = training.offsets.length - 1;
  const nValidation = validation.offsets.length - 1;
  if (nTraining + nValidation < config.minSelectionLists) return [];
  const names = Object.keys(PRIORS) as PriorName[];
  return names
    .map((name) => {
      const w = priorVector(name);
      const ndcg = (meanNdcg(training, SIGNAL_COUNT, w, config.k) * nTraining + meanNdcg(validation, SIGNAL_COUNT, w, config.k) * nValidation) / (nTraining + nValidation);
      return { name, ndcg };
    })
    .sort((a, b) => b.ndcg - a.ndcg || names.indexOf(a.name) - names.indexOf(b.name));
}

/** Weights in SIGNALS order from stored params (matched by name; unknown names are ignored, missing ones weigh 0). */
function alignedWeights(params: SignalRankerParams): Float64Array {
  const out = new Float64Array(SIGNAL_COUNT);
  params.signals.forEach((name, i) => {
    const at = (SIGNAL_INDEX as Record<string, number | undefined>)[name];
    if (at !== undefined) out[at] = params.weights[i] ?? 0;
  });
  return out;
}

export function bindSignalRanker(params: SignalRankerParams, snapshot: GraphSnapshot): SignalRanker {
  const weights = alignedWeights(params);
  const index: EventIndex = buildEventIndex(snapshot);
  const profile = new MemberProfile(index);
  const at = snapshot.at;
  // Post signals at the snapshot's time, computed once per post on first use.
  const nPosts = snapshot.posts.ids.length;
  const postCache = new Float32Array(nPosts * POST_SIGNAL_COUNT);
  const cached = new Uint8Array(nPosts);
  let disposed = false;

  // explain() right after score() on the same candidates (what serving does) reuses the signals.
  let last: { member: number; candidates: Int32Array; rows: Float32Array } | null = null;
  const signalsOf = (member: number, candidates: Int32Array): Float32Array => {
    if (disposed) throw new Error('signal-ranker used after dispose()');
    if (last && last.member === member && last.candidates === candidates) return last.rows;
    const missing = Int32Array.from(Array.from(candidates).filter((p) => cached[p] === 0));
    if (missing.length > 0) {
      const rows = postSignals(index, missing, at);
      missing.forEach((p, i) => {
        postCache.set(rows.subarray(i * POST_SIGNAL_COUNT, (i + 1) * POST_SIGNAL_COUNT), p * POST_SIGNAL_COUNT);
        cached[p] = 1;
      });
    }
    const postRows = new Float32Array(candidates.length * POST_SIGNAL_COUNT);
    candidates.forEach((p, i) => postRows.set(postCache.subarray(p * POST_SIGNAL_COUNT, (p + 1) * POST_SIGNAL_COUNT), i * POST_SIGNAL_COUNT));
    const out = new Float32Array(candidates.length * SIGNAL_COUNT);
    profile.load(member, at).fill(candidates, postRows, out);
    last = { member, candidates, rows: out };
    return out;
  };

  return {
    name: SIGNAL_RANKER,
    score(member, candidates) {
      const rows = signalsOf(member, candidates);
      const scores = new Float32Array(candidates.length);
      for (let i = 0; i < candidates.length; i++) {
        let s = 0;
        for (let f = 0; f < SIGNAL_COUNT; f++) s += (weights[f] as number) * (rows[i * SIGNAL_COUNT + f] as number);
        scores[i] = s;
      }
      return scores;
    },
    explain(member, candidates) {
      const rows = signalsOf(member, candidates);
      return explainRows(rows, candidates.length, weights);
    },
    dispose() {
      disposed = true;
      last = null;
    },
  };
}

/**
 * Per candidate, the signal that contributes most to lifting it above the member's average candidate,
 * w_f · (x_f − mean_f), among the signals that make a reason a member can check — and only where that signal is
 * actually present for the candidate (a reason is never stated that is not true).
 */
export function explainRows(rows: Float32Array, n: number, weights: ArrayLike<number>): (RankingReason | null)[] {
  const mean = new Float64Array(SIGNAL_COUNT);
  for (let i = 0; i < n; i++) for (let f = 0; f < SIGNAL_COUNT; f++) mean[f] = (mean[f] as number) + (rows[i * SIGNAL_COUNT + f] as number) / n;
  const out: (RankingReason | null)[] = [];
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestContribution = 0;
    SIGNALS.forEach((signal, f) => {
      if (signal.reason === null) return;
      const x = rows[i * SIGNAL_COUNT + f] as number;
      if (!present(signal.reason, x)) return;
      const contribution = (weights[f] as number) * (x - (mean[f] as number));
      if (contribution > bestContribution) {
        best = f;
        bestContribution = contribution;
      }
    });
    if (best < 0) {
      out.push(null);
      continue;
    }
    const signal = SIGNALS[best] as (typeof SIGNALS)[number];
    const reason: RankingReason = { kind: signal.reason as RankingReason['kind'], signal: signal.name };
    if (signal.reason === 'social') reason.count = Math.round(Math.expm1(rows[i * SIGNAL_COUNT + best] as number));
    if (signal.reason === 'popular' || signal.reason === 'rising') {
      reason.count = Math.round(Math.expm1(rows[i * SIGNAL_COUNT + SIGNAL_INDEX.engagers] as number));
    }
    out.push(reason);
  }
  return out;
}

/** Whether a signal's value makes its reason true: some activity, a relation, an engagement; freshness always is. */
function present(reason: RankingReason['kind'], x: number): boolean {
  if (reason === 'fresh') return true;
  return x > 0;
}

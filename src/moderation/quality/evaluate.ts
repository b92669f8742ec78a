/**
 * `attune eval quality`: train on the older posts, test on moderator decisions about the newest ones (a time
 * holdout: the model is judged on posts it could not have seen), against the engagement heuristic.
 */
import type { DatabaseHandle } from '../../db/connection.js';
import { optedOutMemberIds } from '../../db/queries/opt-outs.js';
import { contentFeaturesEnabled } from '../../privacy/content-features.js';
import { buildQualityDataset } from './features.js';
import { engagementHeuristic, rocAuc } from './metrics.js';
import { predictQuality, trainQualityModel, type TrainingOptions } from './model.js';
import { hasEnoughLabels, rowsOf, trainingExamples } from './training-set.js';

export interface QualityEvaluation {
  guildId: string;
  cutAt: number;
  trainExamples: number;
  testDecisions: number;
  modelAuc: number;
  heuristicAuc: number;
}

export async function evaluateQuality(
  handle: DatabaseHandle,
  guildId: string,
  options: { now: number; holdoutFraction?: number; training?: TrainingOptions },
): Promise<QualityEvaluation | null> {
  const { sqlite } = handle;
  const data = buildQualityDataset(sqlite, guildId, {
    includeText: contentFeaturesEnabled(handle.db, guildId),
    excludeAuthors: optedOutMemberIds(sqlite, guildId),
    before: options.now,
  });
  const decided = data.createdAt.filter((_, i) => data.moderatorLabelled[i]).sort((a, b) => a - b);
  if (decided.length < 10) return null;
  const cutAt = decided[Math.floor(decided.length * (1 - (options.holdoutFraction ?? 0.3)))] ?? Infinity;
  const train = trainingExamples(data, (i) => (data.createdAt[i] ?? 0) < cutAt);
  if (!hasEnoughLabels(train)) return null;
  const test = data.labels.flatMap((label, i) => (data.moderatorLabelled[i] && (data.createdAt[i] ?? 0) >= cutAt && label !== null ? [i] : []));
  const labels = test.map((i) => data.labels[i] ?? 0) as (0 | 1)[];
  const model = await trainQualityModel(data.featureNames, train, options.training);
  const scores = Array.from(predictQuality(model, rowsOf(data, test), test.length));
  const heuristic = test.map((i) => engagementHeuristic(data.reactions[i] ?? 0, data.replies[i] ?? 0));
  return {
    guildId,
    cutAt,
    trainExamples: train.labels.length,
    testDecisions: test.length,
    modelAuc: rocAuc(scores, labels),
    heuristicAuc: rocAuc(heuristic, labels),
  };
}

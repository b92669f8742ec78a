/**
 * The periodic quality pass for one guild: retrain on everything known, score the recent unreviewed posts, store
 * the scores, and queue the ones under the threshold for moderators (source "model"). Nothing is deleted.
 */
import { inWriteTransaction, type DatabaseHandle } from '../../db/connection.js';
import { moderationQueries } from '../../db/queries/moderation.js';
import { optedOutMemberIds } from '../../db/queries/opt-outs.js';
import type { ModerationService } from '../moderation-service.js';
import { contentFeaturesEnabled } from '../../privacy/content-features.js';
import { buildQualityDataset } from './features.js';
import { predictQuality, trainQualityModel, type TrainingOptions } from './model.js';
import { hasEnoughLabels, rowsOf, trainingExamples } from './training-set.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface QualityPassOptions {
  now: number;
  threshold: number;
  /** Only posts this recent are scored (older ones have had their chance to be seen). */
  recentDays?: number;
  training?: TrainingOptions;
}

export interface QualityPassReport {
  guildId: string;
  trained: boolean;
  scored: number;
  queued: number;
}

export async function runQualityPass(
  handle: DatabaseHandle,
  moderation: ModerationService,
  guildId: string,
  options: QualityPassOptions,
): Promise<QualityPassReport> {
  const { sqlite } = handle;
  const data = buildQualityDataset(sqlite, guildId, {
    includeText: contentFeaturesEnabled(handle.db, guildId),
    excludeAuthors: optedOutMemberIds(sqlite, guildId),
    before: options.now,
  });
  const train = trainingExamples(data, () => true);
  if (!hasEnoughLabels(train)) return { guildId, trained: false, scored: 0, queued: 0 };
  const model = await trainQualityModel(data.featureNames, train, options.training);
  const since = options.now - (options.recentDays ?? 7) * DAY_MS;
  const candidates = data.postIds.flatMap((_, i) => ((data.createdAt[i] ?? 0) >= since && !data.moderatorLabelled[i] ? [i] : []));
  const scores = predictQuality(model, rowsOf(data, candidates), candidates.length);
  const queries = moderationQueries(sqlite);
  inWriteTransaction(sqlite, () => {
    candidates.forEach((row, j) => {
      const postId = data.postIds[row];
      if (postId !== undefined) queries.upsertQualityScore({ postId, guildId, score: scores[j] ?? 1, at: options.now });
    });
  });
  let queued = 0;
  candidates.forEach((row, j) => {
    const score = scores[j] ?? 1;
    if (score >= options.threshold) return;
    const postId = data.postIds[row];
    if (postId === undefined) return;
    const outcome = moderation.flag({ guildId, postId, reporterId: null, source: 'model', reason: 'model_score', score, at: options.now });
    if (outcome === 'queued') queued += 1;
  });
  return { guildId, trained: true, scored: candidates.length, queued };
}

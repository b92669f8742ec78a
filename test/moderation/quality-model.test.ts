/**
 * GIVEN a planted community where engagement is misleading (farmed spam, quiet good posts) THEN the learned quality
 * model beats the engagement heuristic on a time holdout, and the quality pass queues low scores for review without
 * deleting anything.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/ops/log.js';
import { selectBackend } from '../../src/model/backend.js';
import { buildQualityDataset } from '../../src/moderation/quality/features.js';
import { evaluateQuality } from '../../src/moderation/quality/evaluate.js';
import { engagementHeuristic, rocAuc } from '../../src/moderation/quality/metrics.js';
import { runQualityPass } from '../../src/moderation/quality/quality-job.js';
import { ModerationService } from '../../src/moderation/moderation-service.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';
import { plantQualityCommunity } from '../fixtures/quality-planted.js';

describe('post quality model', () => {
  let db: TempDb;

  beforeAll(async () => {
    await selectBackend('auto', silentLogger);
  });
  beforeEach(() => {
    db = createTempDb();
  });
  afterEach(() => db.dispose());

  it('GIVEN scores and labels THEN the AUC counts ordered pairs, ties as half', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(Number.isNaN(rocAuc([0.1, 0.2], [1, 1]))).toBe(true);
  });

  it('GIVEN the planted community THEN the model beats the engagement heuristic on a time holdout', async () => {
    const planted = plantQualityCommunity(db.sqlite);
    const result = await evaluateQuality(db, planted.guildId, { now: planted.end });
    expect(result).not.toBeNull();
    console.log(`quality AUC on planted fixture: model ${result!.modelAuc.toFixed(3)}, heuristic ${result!.heuristicAuc.toFixed(3)} ` +
      `(${result!.trainExamples} training examples, ${result!.testDecisions} held-out decisions)`);
    expect(result!.testDecisions).toBeGreaterThanOrEqual(15);
    expect(result!.modelAuc).toBeGreaterThan(0.75);
    expect(result!.modelAuc).toBeGreaterThan(result!.heuristicAuc + 0.2);
  });

  it('GIVEN the guild has not enabled content features THEN no text feature is built; WHEN enabled THEN they are', () => {
    const planted = plantQualityCommunity(db.sqlite);
    const options = { excludeAuthors: new Set<string>(), before: planted.end };
    expect(buildQualityDataset(db.sqlite, planted.guildId, { ...options, includeText: false }).featureNames.some((f) => f.startsWith('text_'))).toBe(false);
    expect(buildQualityDataset(db.sqlite, planted.guildId, { ...options, includeText: true }).featureNames).toContain('text_length');
  });

  it('GIVEN an opted-out author THEN their posts are neither learned from nor scored', () => {
    const planted = plantQualityCommunity(db.sqlite);
    const author = '920000000000000000';
    const data = buildQualityDataset(db.sqlite, planted.guildId, { includeText: false, excludeAuthors: new Set([author]), before: planted.end });
    const theirs = db.sqlite.prepare('SELECT id FROM posts WHERE author_id = ?').all(author) as { id: string }[];
    expect(theirs.length).toBeGreaterThan(0);
    expect(data.postIds.filter((id) => theirs.some((t) => t.id === id))).toEqual([]);
  });

  it('GIVEN a trained model THEN recent low-scoring posts are queued for review as model flags and nothing is deleted', async () => {
    const planted = plantQualityCommunity(db.sqlite);
    const postsBefore = (db.sqlite.prepare('SELECT COUNT(*) AS n FROM posts').get() as { n: number }).n;
    const moderation = new ModerationService(db);
    const report = await runQualityPass(db, moderation, planted.guildId, { now: planted.end, threshold: 0.2, recentDays: 10 });
    expect(report.trained).toBe(true);
    expect(report.scored).toBeGreaterThan(100);
    expect(report.queued).toBeGreaterThan(0);
    const queued = db.sqlite
      .prepare(`SELECT f.post_id AS postId, p.author_id AS authorId FROM post_flags f JOIN posts p ON p.id = f.post_id WHERE f.source = 'model'`)
      .all() as { postId: string; authorId: string }[];
    expect(queued).toHaveLength(report.queued);
    // Mostly the spammers' posts.
    expect(queued.filter((q) => q.authorId.startsWith('92')).length / queued.length).toBeGreaterThan(0.7);
    expect(moderation.openCount(planted.guildId)).toBe(report.queued);
    expect((db.sqlite.prepare('SELECT COUNT(*) AS n FROM posts').get() as { n: number }).n).toBe(postsBefore);
    const audit = db.sqlite.prepare(`SELECT COUNT(*) AS n FROM moderation_audit WHERE action = 'model_flag' AND actor_id IS NULL`).get() as { n: number };
    expect(audit.n).toBe(report.queued);
  });

  it('GIVEN the heuristic THEN it prefers engagement', () => {
    expect(engagementHeuristic(5, 1)).toBeGreaterThan(engagementHeuristic(0, 0));
  });
});

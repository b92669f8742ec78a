import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listRuns } from '../../src/model/registry.js';
import type { TrainingEvent } from '../../src/model/training/training-events.js';
import { TrainingBusyError, TrainingService } from '../../src/model/training/training-service.js';
import { importCommunity } from '../helpers/community-db.js';
import { eventually } from '../helpers/eventually.js';
import { captureLog } from '../helpers/log-capture.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';

const DAY = 86_400_000;
const SLOW_METHODS = new URL('../fixtures/training/slow-methods.ts', import.meta.url);

let db: TempDb;
let guildId: string;
beforeEach(() => {
  db = createTempDb();
  ({ guildId } = importCommunity(db, db.dir, { start: Date.now() - 10 * DAY }));
});
afterEach(() => db.dispose());

/** A service on the test's database training with `methods`, keeping what it logs and the events it reports. */
function trainingService(methods: URL, abortGraceMs: number) {
  const capture = captureLog('info');
  const events: TrainingEvent[] = [];
  const service = new TrainingService({ databasePath: db.path, backend: 'cpu', log: capture.log, methodsModule: methods, abortGraceMs, onEvent: (e) => events.push(e) });
  /** Resolves once `method` reported training progress: it is training now. */
  const training = (method: string) =>
    eventually(() => expect(events.some((e) => e.type === 'step' && e.method === method && e.progress)).toBe(true), { timeout: 60_000 });
  return { service, capture, training };
}

describe('training service (worker thread)', () => {
  it('GIVEN a run in progress THEN a second is refused, abort records the first as aborted, and the next run is accepted', async () => {
    // The run must stop by itself at its next step: no grace period may run out on a slow machine and terminate it.
    const { service, capture, training } = trainingService(SLOW_METHODS, 600_000);
    const first = service.run({ trigger: 'manual', guildIds: [guildId] });
    // Evaluation is training the slow candidate on its first cut, and says so.
    await training('slow');
    expect(service.running).toBe(true);
    await expect(service.run({ trigger: 'manual', guildIds: [guildId] })).rejects.toBeInstanceOf(TrainingBusyError);
    expect(listRuns(db.sqlite, guildId)).toHaveLength(1);
    expect(listRuns(db.sqlite, guildId)[0]?.status).toBe('running');

    await service.abort();
    const outcome = await first;
    expect(outcome.results.map((r) => r.status)).toEqual(['aborted']);
    expect(listRuns(db.sqlite, guildId)[0]).toMatchObject({ status: 'aborted', error: 'aborted: shutting down', candidateMethod: 'slow' });
    expect(service.running).toBe(false);
    expect(capture.count('training did not stop in time; terminating its thread')).toBe(0);
    // Progress reached the log with guild, step, method and loss.
    expect(capture.lines()).toContainEqual(expect.objectContaining({ guildId, step: 'evaluate', method: 'slow', loss: expect.any(Number), msg: 'training evaluate' }));

    process.env.ATTUNE_TEST_SLOW_TRAIN_MS = '20';
    try {
      const next = await service.run({ trigger: 'manual', guildIds: [guildId] });
      expect(next.results.map((r) => r.status)).toEqual(['succeeded']);
      expect(next.numTensors).toBe(0);
    } finally {
      delete process.env.ATTUNE_TEST_SLOW_TRAIN_MS;
    }
    expect(listRuns(db.sqlite, guildId).map((r) => r.status)).toEqual(['succeeded', 'aborted']);
  }, 90_000);

  it('GIVEN a run that ignores abort THEN it is terminated after the grace period and still recorded as aborted', async () => {
    const { service, capture, training } = trainingService(new URL('../fixtures/training/stuck-methods.ts', import.meta.url), 300);
    const run = service.run({ trigger: 'manual', guildIds: [guildId] });
    // The stuck method reports its start, then never yields again: from here the abort message cannot reach it.
    await training('stuck');
    expect(listRuns(db.sqlite, guildId)[0]?.status).toBe('running');
    await service.abort();
    await expect(run).rejects.toThrow(/aborted/);
    // It did not stop by itself: the grace period ran out and the thread was terminated.
    expect(capture.count('training did not stop in time; terminating its thread')).toBe(1);
    expect(listRuns(db.sqlite, guildId)[0]).toMatchObject({ status: 'aborted', error: 'aborted: shutting down' });
    expect(service.running).toBe(false);
  }, 90_000);
});

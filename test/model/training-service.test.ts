import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pino } from 'pino';
import { listRuns } from '../../src/model/registry.js';
import type { TrainingEvent } from '../../src/model/training/training-events.js';
import { TrainingBusyError, TrainingService } from '../../src/model/training/training-service.js';
import { importCommunity } from '../helpers/community-db.js';
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

/** A pino logger that keeps its lines, so the test can check what the bot would log. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { log, lines };
}

describe('training service (worker thread)', () => {
  it('GIVEN a run in progress THEN a second is refused, abort records the first as aborted, and the next run is accepted', async () => {
    const { log, lines } = capturingLogger();
    const events: TrainingEvent[] = [];
    const service = new TrainingService({ databasePath: db.path, backend: 'cpu', log, methodsModule: SLOW_METHODS, onEvent: (e) => events.push(e) });
    const first = service.run({ trigger: 'manual', guildIds: [guildId] });
    // Evaluation is training the slow candidate on its first cut, and says so.
    await vi.waitFor(() => expect(events.some((e) => e.type === 'step' && e.method === 'slow' && e.progress)).toBe(true), { timeout: 60_000, interval: 50 });
    expect(service.running).toBe(true);
    await expect(service.run({ trigger: 'manual', guildIds: [guildId] })).rejects.toBeInstanceOf(TrainingBusyError);
    expect(listRuns(db.sqlite, guildId)).toHaveLength(1);
    expect(listRuns(db.sqlite, guildId)[0]?.status).toBe('running');

    await service.abort();
    const outcome = await first;
    expect(outcome.results.map((r) => r.status)).toEqual(['aborted']);
    expect(listRuns(db.sqlite, guildId)[0]).toMatchObject({ status: 'aborted', error: 'aborted: shutting down', candidateMethod: 'slow' });
    expect(service.running).toBe(false);
    // Progress reached the log with guild, step, method and loss.
    expect(lines).toContainEqual(expect.objectContaining({ guildId, step: 'evaluate', method: 'slow', loss: expect.any(Number), msg: 'training evaluate' }));

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
    const service = new TrainingService({
      databasePath: db.path,
      backend: 'cpu',
      log: pino({ level: 'silent' }),
      methodsModule: new URL('../fixtures/training/stuck-methods.ts', import.meta.url),
      abortGraceMs: 300,
    });
    const run = service.run({ trigger: 'manual', guildIds: [guildId] });
    await vi.waitFor(() => expect(listRuns(db.sqlite, guildId)[0]?.status).toBe('running'), { timeout: 60_000, interval: 50 });
    // Let the worker enter its blocking loop.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await service.abort();
    await expect(run).rejects.toThrow(/aborted/);
    expect(listRuns(db.sqlite, guildId)[0]).toMatchObject({ status: 'aborted', error: 'aborted: shutting down' });
    expect(service.running).toBe(false);
  }, 90_000);
});

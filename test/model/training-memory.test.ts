import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tf } from '../../src/model/backend.js';
import { baselineMethods } from '../../src/model/methods.js';
import type { RankingMethod } from '../../src/model/ranker.js';
import type { TrainingEvent } from '../../src/model/training/training-events.js';
import { runTraining } from '../../src/model/training/run-training.js';
import { quickGraphFilter } from '../fixtures/training/quick-methods.js';
import { tfFactorsMethod, tfLeakyMethod } from '../fixtures/training/tensor-methods.js';
import { importCommunity } from '../helpers/community-db.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-10-20T12:00:00Z');
const BASELINES = baselineMethods().map((m) => m.name);

let db: TempDb;
let guildId: string;
beforeEach(() => {
  db = createTempDb();
  ({ guildId } = importCommunity(db, db.dir, { start: NOW - 10 * DAY }));
});
afterEach(() => db.dispose());

async function run(methods: RankingMethod[], events: TrainingEvent[]) {
  const [result] = await runTraining(
    db.sqlite,
    { trigger: 'manual', guildIds: [guildId], now: NOW },
    { methods, baselines: BASELINES, backend: 'wasm', signal: new AbortController().signal, onEvent: (e) => events.push(e) },
  );
  return result;
}

const leaks = (events: TrainingEvent[]) => events.filter((e) => e.type === 'step' && e.detail?.includes('tensors still allocated'));

describe('tensor memory across training runs', () => {
  it('GIVEN two runs of every method in one process THEN tf.memory().numTensors does not grow and no method leaves tensors behind', async () => {
    // The graph filter model (on a small budget) and every baseline, plus a second tfjs model that trains with Adam.
    const methods = () => [quickGraphFilter(), tfFactorsMethod(), ...baselineMethods()];
    const events: TrainingEvent[] = [];
    const first = await run(methods(), events);
    expect(first?.status, first?.error).toBe('succeeded');
    // tfjs allocated and trained for real: both tf methods reported losses.
    for (const name of ['graph-filter', 'tf-factors']) {
      expect(events.some((e) => e.type === 'step' && e.method === name && typeof e.progress?.loss === 'number')).toBe(true);
    }
    const afterFirst = tf.memory().numTensors;
    const second = await run(methods(), events);
    expect(second?.status, second?.error).toBe('succeeded');
    expect(tf.memory().numTensors).toBe(afterFirst);
    expect(leaks(events)).toEqual([]);
  }, 180_000);

  it('GIVEN a method that leaks tensors THEN the run reports the leak and still releases them', async () => {
    const before = tf.memory().numTensors;
    const events: TrainingEvent[] = [];
    await run([tfLeakyMethod(), ...baselineMethods()], events);
    expect(leaks(events)).not.toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);
});

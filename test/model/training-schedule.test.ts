import { getTasks, type ScheduledTask } from 'node-cron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import { listRuns } from '../../src/model/registry.js';
import { TRAINING_TASK_NAME } from '../../src/model/training/training-schedule.js';
import type { FakeDiscord } from '../../src/sim/index.js';
import { eventually, startFake, startTestBot } from '../helpers/bot-harness.js';
import { importCommunity } from '../helpers/community-db.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';

const DAY = 86_400_000;
const SLOW_METHODS = new URL('../fixtures/training/slow-methods.ts', import.meta.url);

function trainingTask(): ScheduledTask | undefined {
  return [...getTasks().values()].find((task) => task.name === TRAINING_TASK_NAME);
}

let fake: FakeDiscord;
let db: TempDb;
let bot: RunningBot | null = null;
beforeEach(async () => {
  fake = await startFake();
  db = createTempDb();
});
afterEach(async () => {
  await bot?.stop();
  bot = null;
  await fake.stop();
  db.dispose();
});

function start(cron: string): Promise<RunningBot> {
  return startTestBot(fake, db, { messageContent: false, training: { cron, backend: 'cpu', methodsModule: SLOW_METHODS } });
}

describe('scheduled training in the bot', () => {
  it('GIVEN TRAINING_CRON THEN the bot registers that schedule; a tick trains; stop() removes the schedule and aborts the run', async () => {
    const { guildId } = importCommunity(db, db.dir, { start: Date.now() - 10 * DAY });
    bot = await start('*/7 * * * *');
    const task = trainingTask();
    expect(task?.getPattern()).toBe('*/7 * * * *');

    // Fire the tick node-cron would fire at the next match, without waiting for the clock.
    void task?.execute();
    await eventually(() => expect(listRuns(db.sqlite, guildId)[0]).toMatchObject({ status: 'running', trigger: 'schedule' }), { timeout: 60_000 });
    expect(bot.training?.running).toBe(true);

    await bot.stop();
    bot = null;
    expect(trainingTask()).toBeUndefined();
    const sqlite = db.sqlite;
    expect(listRuns(sqlite, guildId)[0]).toMatchObject({ status: 'aborted', trigger: 'schedule', error: 'aborted: shutting down' });
    expect(sqlite.prepare(`SELECT COUNT(*) AS n FROM model_runs WHERE status = 'running'`).get()).toEqual({ n: 0 });
  }, 90_000);

  it('GIVEN TRAINING_CRON=off THEN nothing is scheduled but on-demand training is available', async () => {
    bot = await start('off');
    expect(trainingTask()).toBeUndefined();
    expect(bot.training).not.toBeNull();
  });
});

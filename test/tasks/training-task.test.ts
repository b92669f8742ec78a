import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import { listRuns } from '../../src/model/registry.js';
import type { FakeDiscord } from '../../src/sim/index.js';
import { SimulatedScheduler } from '../../src/tasks/simulated-scheduler.js';
import { eventually, startFake, startTestBot } from '../helpers/bot-harness.js';
import { importCommunity } from '../helpers/community-db.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';

const DAY = 86_400_000;
const SLOW_METHODS = new URL('../fixtures/training/slow-methods.ts', import.meta.url);

let fake: FakeDiscord;
let db: TempDb;
let bot: RunningBot | null = null;
let scheduler: SimulatedScheduler;
beforeEach(async () => {
  fake = await startFake();
  db = createTempDb();
  scheduler = new SimulatedScheduler(Date.now());
});
afterEach(async () => {
  await bot?.stop();
  bot = null;
  await fake.stop();
  db.dispose();
});

function start(cron: string): Promise<RunningBot> {
  return startTestBot(fake, db, { messageContent: false, scheduler, training: { cron, backend: 'cpu', methodsModule: SLOW_METHODS } });
}

const trainingEntry = () => scheduler.scheduled().find((entry) => entry.name === 'training');

describe('scheduled training in the bot', () => {
  it('GIVEN TRAINING_CRON THEN the bot schedules that task; a run trains; stop() unschedules it and aborts the run', async () => {
    const { guildId } = importCommunity(db, db.dir, { start: Date.now() - 10 * DAY });
    bot = await start('*/7 * * * *');
    expect(trainingEntry()).toEqual({ name: 'training', schedule: '*/7 * * * *' });
    expect(bot.tasks.scheduled()).toContainEqual({ name: 'training', schedule: '*/7 * * * *', scope: 'per-guild' });

    // Run the task as its schedule would, without waiting for the clock.
    const run = bot.tasks.run('training');
    await eventually(() => expect(listRuns(db.sqlite, guildId)[0]).toMatchObject({ status: 'running', trigger: 'schedule' }), { timeout: 60_000 });
    expect(bot.training?.running).toBe(true);

    await bot.stop();
    bot = null;
    await run;
    expect(trainingEntry()).toBeUndefined();
    const sqlite = db.sqlite;
    expect(listRuns(sqlite, guildId)[0]).toMatchObject({ status: 'aborted', trigger: 'schedule', error: 'aborted: shutting down' });
    expect(sqlite.prepare(`SELECT COUNT(*) AS n FROM model_runs WHERE status = 'running'`).get()).toEqual({ n: 0 });
  }, 90_000);

  it('GIVEN TRAINING_CRON=off THEN nothing is scheduled but on-demand training is available', async () => {
    bot = await start('off');
    expect(trainingEntry()).toBeUndefined();
    expect(bot.tasks.scheduled().map((task) => task.name)).not.toContain('training');
    expect(bot.training).not.toBeNull();
  });
});

/**
 * Nightly (or whatever TRAINING_CRON says) training inside the bot process, with node-cron. A tick that finds a
 * run still in progress is skipped and logged (TrainingService refuses overlapping runs). The task is registered
 * under TRAINING_TASK_NAME, so node-cron's getTasks() finds it (tests fire it with task.execute()).
 */
import { schedule, type Logger as CronLogger, type TaskFn } from 'node-cron';
import type { Logger } from '../../ops/log.js';
import { TrainingBusyError, type TrainingService } from './training-service.js';

export const TRAINING_TASK_NAME = 'attune-training';

export interface TrainingSchedule {
  /** Stops scheduling (a run in progress is the service's to abort). */
  stop(): Promise<void>;
}

export interface TrainingScheduleOptions {
  cron: string;
  service: TrainingService;
  log: Logger;
  /** The guilds to train at each tick (a shard's own guilds); default every guild the bot is in. */
  guildIds?: () => string[];
}

export function startTrainingSchedule(options: TrainingScheduleOptions): TrainingSchedule {
  const { service, log } = options;
  const tick: TaskFn = async () => {
    try {
      const { results } = await service.run({ trigger: 'schedule', ...(options.guildIds ? { guildIds: options.guildIds() } : {}) });
      log.info({ guilds: results.length, succeeded: results.filter((r) => r.status === 'succeeded').length }, 'scheduled training done');
    } catch (error) {
      if (error instanceof TrainingBusyError) log.warn('scheduled training skipped: a run is already in progress');
      else log.error({ err: error }, 'scheduled training failed');
    }
  };
  // noOverlap: node-cron itself also skips a tick while the previous one is still running.
  const task = schedule(options.cron, tick, { name: TRAINING_TASK_NAME, noOverlap: true, logger: cronLogger(log) });
  log.info({ cron: options.cron }, 'training scheduled');
  return {
    async stop() {
      await task.destroy();
    },
  };
}

/** node-cron's own messages (a missed tick after the machine slept, …) go to the process log, not the console. */
function cronLogger(log: Logger): CronLogger {
  const child = log.child({ component: 'node-cron' });
  return {
    info: (message) => child.info(message),
    warn: (message) => child.warn(message),
    error: (message, err) => child.error({ err: err ?? message }, String(message)),
    debug: (message, err) => child.debug({ err }, String(message)),
  };
}

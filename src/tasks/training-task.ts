/**
 * Nightly (or whatever TRAINING_CRON says) training inside the bot process, for the guilds this process acts for. A
 * run that finds another still in progress is skipped and logged (TrainingService refuses overlapping runs).
 */
import type Database from 'better-sqlite3';
import { trainableGuilds } from '../model/training/run-training.js';
import { TrainingBusyError, type TrainingService } from '../model/training/training-service.js';
import type { Logger } from '../ops/log.js';
import { defineTask, type Task } from './task.js';

export interface TrainingTaskOptions {
  sqlite: Database.Database;
  /** TRAINING_CRON (`off` is handled by not adding the task). */
  schedule: string;
  service: TrainingService;
  log: Logger;
}

export function trainingTask(options: TrainingTaskOptions): Task {
  const { service, log } = options;
  return defineTask({
    name: 'training',
    schedule: options.schedule,
    scope: 'per-guild',
    async run({ owns }) {
      try {
        const guildIds = trainableGuilds(options.sqlite).filter(owns);
        const { results } = await service.run({ trigger: 'schedule', guildIds });
        log.info({ guilds: results.length, succeeded: results.filter((r) => r.status === 'succeeded').length }, 'scheduled training done');
      } catch (error) {
        // Not a failure of the schedule: a manual run (or the CLI) is training right now.
        if (error instanceof TrainingBusyError) log.warn('scheduled training skipped: a run is already in progress');
        else throw error;
      }
    },
  });
}

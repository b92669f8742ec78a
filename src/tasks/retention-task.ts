/** The retention sweep (src/privacy/retention.ts) as a task: database-wide, so one process runs it. */
import type Database from 'better-sqlite3';
import type { Logger } from '../ops/log.js';
import { runRetentionSweep, type RetentionPolicy } from '../privacy/retention.js';
import { defineTask, type Task } from './task.js';

export interface RetentionTaskOptions {
  sqlite: Database.Database;
  policy: RetentionPolicy;
  /** RETENTION_SWEEP_CRON (default hourly at :17). */
  schedule: string;
  now: () => number;
  log: Logger;
}

export function retentionTask(options: RetentionTaskOptions): Task {
  return defineTask({
    name: 'retention',
    schedule: options.schedule,
    scope: 'global',
    run() {
      const report = runRetentionSweep(options.sqlite, options.now(), options.policy);
      options.log.info(report, 'retention sweep done');
    },
  });
}

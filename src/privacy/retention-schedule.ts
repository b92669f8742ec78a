/**
 * Runs the retention sweep on a node-cron schedule. The scheduler is injectable so tests fire ticks themselves
 * (with their own clock) instead of waiting for wall time.
 */
import type Database from 'better-sqlite3';
import cron from 'node-cron';
import type { Logger } from '../ops/log.js';
import { runRetentionSweep, type RetentionPolicy } from './retention.js';

export interface ScheduledJob {
  stop(): void;
}

/** Calls `tick` on every occurrence of the cron expression until stopped. */
export type Scheduler = (expression: string, tick: () => void) => ScheduledJob;

export const nodeCronScheduler: Scheduler = (expression, tick) => {
  const task = cron.schedule(expression, tick, { noOverlap: true });
  return { stop: () => void task.stop() };
};

export interface RetentionScheduleOptions {
  sqlite: Database.Database;
  policy: RetentionPolicy;
  cron: string;
  now: () => number;
  log: Logger;
  scheduler?: Scheduler;
  /** After a sweep erased members (their opt-outs included), in-memory caches re-read the tables. */
  afterSweep?: () => void;
}

export function scheduleRetentionSweeps(options: RetentionScheduleOptions): ScheduledJob {
  const schedule = options.scheduler ?? nodeCronScheduler;
  return schedule(options.cron, () => {
    try {
      const report = runRetentionSweep(options.sqlite, options.now(), options.policy);
      options.afterSweep?.();
      options.log.info(report, 'retention sweep done');
    } catch (error) {
      options.log.error({ err: error }, 'retention sweep failed');
    }
  });
}

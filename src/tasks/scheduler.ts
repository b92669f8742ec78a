import type { Schedule } from './task.js';

/**
 * The scheduler port: calls `fire` at the times a schedule names, until cancelled. It only keeps time; running a
 * task (overlap, shard scope, errors, stopping) is the TaskRunner's. Two implementations: CronScheduler (node-cron on
 * the wall clock, production) and SimulatedScheduler (a simulated clock the demo and tests move).
 */
export interface Scheduler {
  schedule(entry: ScheduleEntry, fire: () => Promise<void>): ScheduledEntry;
}

export interface ScheduleEntry {
  /** The task's name (node-cron's task name; logs). */
  name: string;
  schedule: Schedule;
}

export interface ScheduledEntry {
  /** No further fires; a fire in progress is not interrupted. */
  cancel(): void;
}

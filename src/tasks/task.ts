/**
 * Scheduled work as data. Every job attune runs on a clock (retention sweeps, the quality pass, training, the digest
 * tick, the economy and contest tick, the serving refresh) is one Task: a name, when it runs, which guilds it acts
 * for, and what it does. A Scheduler (src/tasks/scheduler.ts) fires tasks; the TaskRunner (src/tasks/task-runner.ts)
 * runs them, one run of a task at a time, in this process's guild scope.
 */

/** A node-cron expression (5 or 6 fields, server time), or a fixed period (counted from when the task is added). */
export type Schedule = string | { everyMs: number };

/**
 * Which guilds a task acts for under sharding (src/ops/guild-scope.ts):
 * - `per-guild`: every process runs it, each for the guilds of its own shards (`run.owns`);
 * - `global`: database-wide work with no guild to route by; it runs in one process only (the one holding shard 0).
 */
export type TaskScope = 'global' | 'per-guild';

/** What one run of a task is given. */
export interface TaskRun {
  /** Whether this process acts for the guild; a task never computes shard membership itself. Always true for global tasks. */
  owns(guildId: string): boolean;
  /** Aborted when the bot stops: a long run stops at its next safe point (between two messages, two guilds). */
  signal: AbortSignal;
}

export interface Task {
  /** Short and stable: logs name it, tests and the demo run a task by it (`tasks.run('digest')`). */
  name: string;
  schedule: Schedule;
  scope: TaskScope;
  /** One run. Errors are logged by the runner (the next run retries); they never stop the schedule. */
  run(run: TaskRun): void | Promise<void>;
}

export function defineTask(task: Task): Task {
  return task;
}

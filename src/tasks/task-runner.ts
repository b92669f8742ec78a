/**
 * Runs the bot's tasks: adds them to the scheduler, applies this process's guild scope (src/ops/guild-scope.ts), runs
 * one run of a task at a time, logs failures (the next run retries) and, on stop, stops scheduling, aborts the runs
 * in progress at their next safe point and waits for them.
 */
import { isSqliteBusy } from '../db/connection.js';
import type { Logger } from '../ops/log.js';
import type { GuildScope } from '../ops/guild-scope.js';
import type { ScheduledEntry, Scheduler } from './scheduler.js';
import type { Schedule, Task, TaskScope } from './task.js';

interface Added {
  task: Task;
  entry: ScheduledEntry;
  running: Promise<void> | null;
  /** A manual run asked for while one was running: it starts when that one ends (shared by every such request). */
  queued: Promise<void> | null;
}

export class TaskRunner {
  readonly #tasks = new Map<string, Added>();
  readonly #stopping = new AbortController();

  constructor(
    private readonly scheduler: Scheduler,
    private readonly scope: GuildScope,
    private readonly log: Logger,
  ) {}

  /**
   * Schedules a task. A global task is scheduled only in the process that runs database-wide work (shard 0's);
   * elsewhere it is left out, and running it by name does nothing.
   */
  add(task: Task): void {
    if (this.#stopping.signal.aborted) return;
    if (this.#tasks.has(task.name)) throw new Error(`two tasks are named ${task.name}`);
    if (task.scope === 'global' && !this.scope.runsGlobalJobs) {
      this.log.debug({ task: task.name }, 'global task left to the process holding shard 0');
      return;
    }
    const added: Added = { task, entry: { cancel: () => undefined }, running: null, queued: null };
    this.#tasks.set(task.name, added);
    // A scheduled fire while a run is in progress is skipped, as node-cron's noOverlap does.
    added.entry = this.scheduler.schedule({ name: task.name, schedule: task.schedule }, () => added.running ?? this.#start(added));
  }

  /**
   * Runs a task now (a manual tick: start-up passes, tests, the demo) and resolves when it has run. While a run is in
   * progress the new one starts after it, so the caller sees the effect of everything before its call. A task not
   * scheduled in this process (another shard's global task), and any task once stopping, resolves at once.
   */
  run(name: string): Promise<void> {
    const added = this.#tasks.get(name);
    if (!added || this.#stopping.signal.aborted) return Promise.resolve();
    if (!added.running) return this.#start(added);
    added.queued ??= added.running.then(() => {
      added.queued = null;
      if (this.#stopping.signal.aborted) return undefined;
      return added.running ?? this.#start(added);
    });
    return added.queued;
  }

  /** Resolves when no run of the task is in progress or queued (at once when it is idle or not scheduled here). */
  async idle(name: string): Promise<void> {
    const added = this.#tasks.get(name);
    while (added && (added.running || added.queued)) await (added.queued ?? added.running);
  }

  /** The tasks scheduled in this process, in the order they were added. */
  scheduled(): { name: string; schedule: Schedule; scope: TaskScope }[] {
    return [...this.#tasks.values()].map(({ task }) => ({ name: task.name, schedule: task.schedule, scope: task.scope }));
  }

  /** No new runs; runs in progress are told to stop (their signal aborts) and awaited. */
  async stop(): Promise<void> {
    this.#stopping.abort();
    for (const added of this.#tasks.values()) added.entry.cancel();
    await Promise.all([...this.#tasks.values()].flatMap((added) => [added.running, added.queued]).filter((p) => p !== null));
  }

  #start(added: Added): Promise<void> {
    const { task } = added;
    const owns = task.scope === 'global' ? () => true : this.scope.owns;
    // Started on the next microtask, so `running` is set before any of the task's code runs (even a synchronous throw).
    const run: Promise<void> = Promise.resolve()
      .then(() => task.run({ owns, signal: this.#stopping.signal }))
      .catch((error: unknown) => {
        // Another connection holding the write lock past the busy timeout (a backup, a CLI import) is a pause, not a
        // fault: nothing was committed half-way, and the next run does the work.
        if (isSqliteBusy(error)) this.log.warn({ err: error, task: task.name }, 'database is busy; scheduled task runs again at its next time');
        else this.log.error({ err: error, task: task.name }, 'scheduled task failed; it runs again at its next time');
      })
      .finally(() => {
        if (added.running === run) added.running = null;
      });
    added.running = run;
    return run;
  }
}

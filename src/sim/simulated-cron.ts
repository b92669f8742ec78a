/**
 * Cron in simulated time: the bot's schedulers (retention, quality pass, digest tick) register their jobs here instead
 * of with node-cron, and the simulation fires them as its clock passes their minutes. node-cron's own matcher decides
 * which minutes match, so an expression means here exactly what it means in production.
 *
 * A simulation advances its clock in steps; a job whose expression matches one or more minutes in a step runs once
 * at the end of it (as node-cron does with ticks it missed while the process was busy), so a step of 15 minutes runs
 * the per-minute digest tick 4 times an hour instead of 60, with the same outcome for a daily digest.
 */
import cron, { type TaskFn, type TaskOptions } from 'node-cron';
import type { Scheduler as DigestScheduler } from '../digest/digest-scheduler.js';
import type { ScheduledJob, Scheduler as JobScheduler } from '../privacy/retention-schedule.js';

const MINUTE = 60_000;

interface SimulatedJob {
  expression: string;
  matches: (at: Date) => boolean;
  run: () => unknown;
  stopped: boolean;
  /** How often it ran (tests and the demo's summary read it). */
  runs: number;
}

export class SimulatedCron {
  readonly #jobs: SimulatedJob[] = [];
  #last: number;

  /** `start`: the simulated time from which minutes count (a job never fires for a minute before it). */
  constructor(start: number) {
    this.#last = start;
  }

  /** For scheduleRetentionSweeps / scheduleQualityPasses (`BotOptions.scheduler`). */
  readonly jobScheduler: JobScheduler = (expression, tick) => this.#add(expression, tick);

  /** For the digest tick (`BotRecommendOptions.digestScheduler`). */
  readonly digestScheduler: DigestScheduler = (expression: string, task: TaskFn, _options: TaskOptions) => {
    const job = this.#add(expression, () => task({ date: new Date(this.#last), dateLocalIso: new Date(this.#last).toISOString(), triggeredAt: new Date(this.#last) }));
    return { destroy: () => job.stop() };
  };

  /** Runs, in registration order, every job with a matching minute in (last time advanced to, `until`]; awaits each. */
  async advanceTo(until: number): Promise<string[]> {
    const from = this.#last;
    if (until <= from) return [];
    const fired: string[] = [];
    // Jobs run "at" the step's end: a task that asks the time (the digest tick's context) sees it.
    this.#last = until;
    for (const job of this.#jobs) {
      if (job.stopped || !this.#matchesBetween(job, from, until)) continue;
      job.runs += 1;
      fired.push(job.expression);
      await job.run();
    }
    return fired;
  }

  /** How many times each expression's jobs ran. */
  runCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const job of this.#jobs) counts.set(job.expression, (counts.get(job.expression) ?? 0) + job.runs);
    return counts;
  }

  #add(expression: string, run: () => unknown): ScheduledJob {
    // createTask parses and validates without starting a timer; only its matcher is used.
    const task = cron.createTask(expression, () => undefined, { timezone: 'UTC' });
    const job: SimulatedJob = { expression, matches: (at) => task.match(at), run, stopped: false, runs: 0 };
    this.#jobs.push(job);
    return {
      stop: () => {
        job.stopped = true;
        void task.destroy();
      },
    };
  }

  #matchesBetween(job: SimulatedJob, from: number, until: number): boolean {
    // Minute boundaries in (from, until]: cron expressions here have minute resolution (second field 0 or absent).
    for (let minute = Math.floor(from / MINUTE) * MINUTE + MINUTE; minute <= until; minute += MINUTE) {
      if (job.matches(new Date(minute))) return true;
    }
    return false;
  }
}

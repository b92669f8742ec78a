/**
 * The production scheduler: node-cron fires cron expressions on the wall clock (server time); a fixed period is a
 * plain unref'd interval. Neither keeps the process alive on its own: the gateway connection does.
 */
import { schedule as cronSchedule, type Logger as CronLogger } from 'node-cron';
import type { Logger } from '../ops/log.js';
import type { ScheduledEntry, ScheduleEntry, Scheduler } from './scheduler.js';

export class CronScheduler implements Scheduler {
  readonly #cronLogger: CronLogger;

  constructor(log: Logger) {
    this.#cronLogger = cronLogger(log);
  }

  schedule(entry: ScheduleEntry, fire: () => Promise<void>): ScheduledEntry {
    if (typeof entry.schedule !== 'string') {
      const timer = setInterval(() => void fire(), entry.schedule.everyMs);
      timer.unref();
      return { cancel: () => clearInterval(timer) };
    }
    // noOverlap: node-cron skips a tick while the previous fire is still running (the runner would skip it too).
    const task = cronSchedule(entry.schedule, () => fire(), { name: `attune-${entry.name}`, noOverlap: true, logger: this.#cronLogger });
    return { cancel: () => void task.destroy() };
  }
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

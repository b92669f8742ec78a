/**
 * The scheduler in simulated time, for the demo and tests: tasks are fired as the simulation moves its clock past
 * their times, never by the wall clock. node-cron's own matcher decides which minutes a cron expression matches, so
 * an expression means here exactly what it means in production.
 *
 * A simulation advances its clock in steps; a task with one or more matching minutes (or period ends) in a step runs
 * once at the end of it (as node-cron does with ticks it missed while the process was busy), so a step of 15
 * minutes runs the per-minute digest tick 4 times an hour instead of 60, with the same outcome for a daily digest.
 * A test that never advances the clock has a scheduler that never fires: it runs tasks by hand (`tasks.run(name)`).
 */
import cron from 'node-cron';
import type { ScheduledEntry, ScheduleEntry, Scheduler } from './scheduler.js';
import type { Schedule } from './task.js';

const MINUTE = 60_000;

interface SimulatedEntry {
  name: string;
  schedule: Schedule;
  /** Whether the schedule has a time in (from, until]. */
  dueBetween: (from: number, until: number) => boolean;
  fire: () => Promise<void>;
  cancelled: boolean;
  /** How often it fired (tests read it). */
  fires: number;
}

export class SimulatedScheduler implements Scheduler {
  readonly #entries: SimulatedEntry[] = [];
  #last: number;

  /** `start`: the simulated time from which the clock counts (nothing fires for a time before it). */
  constructor(start: number) {
    this.#last = start;
  }

  /** The simulated time the clock last advanced to. */
  get now(): number {
    return this.#last;
  }

  schedule(entry: ScheduleEntry, fire: () => Promise<void>): ScheduledEntry {
    const due = typeof entry.schedule === 'string' ? cronMinutes(entry.schedule) : periodEnds(this.#last, entry.schedule.everyMs);
    const added: SimulatedEntry = { name: entry.name, schedule: entry.schedule, dueBetween: due.between, fire, cancelled: false, fires: 0 };
    this.#entries.push(added);
    return {
      cancel: () => {
        added.cancelled = true;
        due.dispose();
      },
    };
  }

  /** Fires, in the order they were scheduled, every entry due in (last time advanced to, `until`]; awaits each. */
  async advanceTo(until: number): Promise<string[]> {
    const from = this.#last;
    if (until <= from) return [];
    const fired: string[] = [];
    // Tasks run "at" the step's end: a task that asks the time sees it.
    this.#last = until;
    for (const entry of [...this.#entries]) {
      if (entry.cancelled || !entry.dueBetween(from, until)) continue;
      entry.fires += 1;
      fired.push(entry.name);
      await entry.fire();
    }
    return fired;
  }

  /** What is scheduled now (cancelled entries are gone), in scheduling order. */
  scheduled(): { name: string; schedule: Schedule }[] {
    return this.#entries.filter((e) => !e.cancelled).map(({ name, schedule }) => ({ name, schedule }));
  }

  /** How many times the entries of each name fired. */
  fireCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const entry of this.#entries) counts.set(entry.name, (counts.get(entry.name) ?? 0) + entry.fires);
    return counts;
  }
}

function cronMinutes(expression: string): { between: (from: number, until: number) => boolean; dispose: () => void } {
  // createTask parses and validates without starting a timer; only its matcher is used.
  const task = cron.createTask(expression, () => undefined, { timezone: 'UTC' });
  return {
    // Minute boundaries in (from, until]: simulated schedules have minute resolution (second field 0 or absent).
    between: (from, until) => {
      for (let minute = Math.floor(from / MINUTE) * MINUTE + MINUTE; minute <= until; minute += MINUTE) {
        if (task.match(new Date(minute))) return true;
      }
      return false;
    },
    dispose: () => void task.destroy(),
  };
}

function periodEnds(start: number, everyMs: number): { between: (from: number, until: number) => boolean; dispose: () => void } {
  // The n-th period ends at start + n × everyMs; one lies in (from, until] when the count of ended periods grows.
  const ended = (at: number) => Math.floor((at - start) / everyMs);
  return { between: (from, until) => ended(until) > ended(from), dispose: () => undefined };
}

/**
 * The economy's full sweep of the ledger against the recorded activity: at start-up, then every SWEEP_INTERVAL_MS
 * (6 h; it catches imports made by the CLI while the bot runs), checked on the economy's tick. Database-wide and
 * idempotent, so one process runs it.
 */
import type { EconomyService } from '../economy/service.js';
import { ECONOMY_TICK } from './economy-task.js';
import { defineTask, type Task } from './task.js';

export function economySweepTask(economy: EconomyService): Task {
  return defineTask({
    name: 'economy-sweep',
    schedule: ECONOMY_TICK,
    scope: 'global',
    async run() {
      if (economy.sweepDue()) await economy.sweep();
    },
  });
}

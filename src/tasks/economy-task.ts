/**
 * The economy and contest tick (every 20 seconds): reconcile the activity noted since the last tick, contest
 * deadlines, role rewards and announcements, for the guilds this process acts for.
 */
import type { ContestService } from '../contests/service.js';
import type { EconomyService } from '../economy/service.js';
import type { RoleGranter } from '../economy/role-rewards.js';
import { defineTask, type Task } from './task.js';

/** Every 20 seconds: deadlines are honoured within a tick, and announcements go out in small batches. */
export const ECONOMY_TICK = '*/20 * * * * *';

export interface EconomyTaskOptions {
  economy: EconomyService;
  contests: ContestService;
  roles: RoleGranter;
  /** Sends the pending announcements of the guilds `owns` accepts. */
  announce: (owns: (guildId: string) => boolean) => Promise<unknown>;
}

export function economyTask(options: EconomyTaskOptions): Task {
  return defineTask({
    name: 'economy',
    schedule: ECONOMY_TICK,
    scope: 'per-guild',
    async run({ owns }) {
      // Each process reconciles the posts its own gateway events touched (the writer's commit hook notes them).
      await options.economy.flush();
      options.contests.processDeadlines(owns);
      await options.roles.grantPending(owns);
      await options.announce(owns);
    },
  });
}

/**
 * The digest tick (DIGEST_TICK_CRON, default every minute): starts the runs that fell due in each guild's own time
 * zone, then works on every unfinished run, new or left over from before a restart: compose, deliver, done. On stop
 * it stops between two messages.
 */
import type { DailyDigests } from '../digest/daily-digests.js';
import type { DigestRun } from '../db/schema-recommend.js';
import { defineTask, type Task } from './task.js';

/** Every minute: a digest goes out within a minute of its local hour. */
export const DEFAULT_DIGEST_TICK = '* * * * *';

export interface DigestTaskOptions {
  digests: DailyDigests;
  /** One delivery pass over what the run has enqueued: how many messages went out, how many are left to send. */
  deliver: (run: DigestRun, shouldStop: () => boolean) => Promise<{ sent: number; remaining: number }>;
  /** Whether the guild is available to this process now (in the gateway's cache); others wait. */
  guildAvailable: (guildId: string) => boolean;
  /** DIGEST_TICK_CRON. */
  schedule?: string;
  /** Called once per run delivered (metrics). */
  onDelivered?: (guildId: string) => void;
}

export function digestTask(options: DigestTaskOptions): Task {
  const { digests } = options;
  return defineTask({
    name: 'digest',
    schedule: options.schedule ?? DEFAULT_DIGEST_TICK,
    scope: 'per-guild',
    async run({ owns, signal }) {
      const ours = (guildId: string) => owns(guildId) && options.guildAvailable(guildId);
      const shouldStop = () => signal.aborted;
      digests.startDueRuns(ours);
      for (const unfinished of digests.unfinishedRuns()) {
        if (shouldStop()) return;
        if (!ours(unfinished.guildId)) continue;
        const run = await digests.compose(unfinished, shouldStop);
        if (!run || run.status !== 'delivering') continue;
        // Pass after pass (each reads a bounded number of rows) until the run is delivered, a pass makes no progress
        // (a transient failure: the next tick retries) or the bot stops.
        let report = await options.deliver(run, shouldStop);
        while (report.remaining > 0 && report.sent > 0 && !shouldStop()) report = await options.deliver(run, shouldStop);
        if (report.remaining === 0) {
          digests.finish(run);
          options.onDelivered?.(run.guildId);
        }
      }
    },
  });
}

/** Runs the quality pass for every guild attune is in, on a node-cron schedule (one run at a time). */
import type { DatabaseHandle } from '../../db/connection.js';
import { guildQueries } from '../../db/queries/guilds.js';
import type { Logger } from '../../ops/log.js';
import type { BackendRequest } from '../../model/backend.js';
import { nodeCronScheduler, type ScheduledJob, type Scheduler } from '../../privacy/retention-schedule.js';
import type { ModerationService } from '../moderation-service.js';

export interface QualityScheduleOptions {
  database: DatabaseHandle;
  moderation: ModerationService;
  cron: string;
  threshold: number;
  backend: BackendRequest;
  now: () => number;
  log: Logger;
  scheduler?: Scheduler;
  /** Guilds this process (shard) works for; default every guild. */
  ownsGuild?: (guildId: string) => boolean;
}

export function scheduleQualityPasses(options: QualityScheduleOptions): ScheduledJob {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      // TensorFlow.js is loaded at the first pass, not at bot start-up (it takes seconds to import).
      const [{ selectBackend }, { runQualityPass }] = await Promise.all([import('../../model/backend.js'), import('./quality-job.js')]);
      await selectBackend(options.backend, options.log);
      for (const id of guildQueries(options.database.sqlite).presentGuildIds()) {
        if (options.ownsGuild && !options.ownsGuild(id)) continue;
        const report = await runQualityPass(options.database, options.moderation, id, { now: options.now(), threshold: options.threshold });
        options.log.info(report, 'quality pass done');
      }
    } catch (error) {
      options.log.error({ err: error }, 'quality pass failed');
    } finally {
      running = false;
    }
  };
  return (options.scheduler ?? nodeCronScheduler)(options.cron, () => void tick());
}

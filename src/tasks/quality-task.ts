/** The post-quality pass (src/moderation/quality/quality-job.ts) as a task: every guild this process acts for. */
import type { DatabaseHandle } from '../db/connection.js';
import type { BackendRequest } from '../model/backend.js';
import { guildQueries } from '../db/queries/guilds.js';
import type { ModerationService } from '../moderation/moderation-service.js';
import type { Logger } from '../ops/log.js';
import { defineTask, type Task } from './task.js';

export interface QualityTaskOptions {
  database: DatabaseHandle;
  moderation: ModerationService;
  /** QUALITY_CRON (default daily at 04:40). */
  schedule: string;
  threshold: number;
  backend: BackendRequest;
  now: () => number;
  log: Logger;
}

export function qualityTask(options: QualityTaskOptions): Task {
  return defineTask({
    name: 'quality',
    schedule: options.schedule,
    scope: 'per-guild',
    async run({ owns, signal }) {
      // TensorFlow.js is loaded at the first pass, not at bot start-up (it takes seconds to import).
      const [{ selectBackend }, { runQualityPass }] = await Promise.all([import('../model/backend.js'), import('../moderation/quality/quality-job.js')]);
      await selectBackend(options.backend, options.log);
      for (const id of guildQueries(options.database.sqlite).presentGuildIds()) {
        if (signal.aborted) return;
        if (!owns(id)) continue;
        const report = await runQualityPass(options.database, options.moderation, id, { now: options.now(), threshold: options.threshold });
        options.log.info(report, 'quality pass done');
      }
    },
  });
}

/**
 * What a training run reports while it works. The run happens on a worker thread; these plain objects cross to the
 * main thread, which logs them with the process's pino logger (one log stream, one redaction policy).
 */
import type { Logger } from '../../ops/log.js';
import type { HoldoutMetrics, PromotionDecision } from '../promotion.js';
import type { TrainProgress } from '../ranker.js';

export type GuildRunStatus = 'succeeded' | 'failed' | 'aborted';

export interface GuildRunResult {
  guildId: string;
  runId: number;
  status: GuildRunStatus;
  candidate: string | null;
  backend: string | null;
  durationMs: number;
  metrics?: HoldoutMetrics;
  decision?: PromotionDecision;
  paramsBytes?: number;
  error?: string;
}

export type TrainingStep = 'evaluate' | 'snapshot' | 'train';

export type TrainingEvent =
  | { type: 'backend'; backend: string; tfBackend: string; skipped: { choice: string; reason: string }[] }
  | { type: 'guild-start'; guildId: string; runId: number; candidate: string | null }
  | { type: 'step'; guildId: string; step: TrainingStep; method?: string; progress?: TrainProgress; detail?: string }
  | { type: 'guild-end'; result: GuildRunResult };

export function logTrainingEvent(log: Logger, event: TrainingEvent): void {
  switch (event.type) {
    case 'backend':
      log.info({ backend: event.backend, tfBackend: event.tfBackend, skipped: event.skipped }, `training backend: ${event.backend}`);
      return;
    case 'guild-start':
      log.info({ guildId: event.guildId, runId: event.runId, candidate: event.candidate }, 'training run started');
      return;
    case 'step':
      log.info(
        {
          guildId: event.guildId,
          step: event.step,
          method: event.method,
          ...(event.progress ? { progress: `${event.progress.step}/${event.progress.totalSteps}`, loss: event.progress.loss } : {}),
          ...(event.detail ? { detail: event.detail } : {}),
        },
        `training ${event.step}`,
      );
      return;
    case 'guild-end': {
      const { result } = event;
      const fields = {
        guildId: result.guildId,
        runId: result.runId,
        status: result.status,
        backend: result.backend,
        durationMs: Math.round(result.durationMs),
        serving: result.decision?.serving,
        promoted: result.decision?.promoted,
      };
      if (result.status === 'succeeded') log.info(fields, `training run succeeded: ${result.decision?.reason ?? ''}`);
      else log.warn({ ...fields, error: result.error }, `training run ${result.status}`);
      return;
    }
  }
}

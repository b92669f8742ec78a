/**
 * Builds the recommendation and digest services once for the bot: serving cache (background refresh, and a refresh
 * of warm guilds after each succeeded training run), the /recommend service, the digest composer, delivery and
 * per-minute tick. Moderation and privacy plug in through `moderation` and `optedOutAuthors` (default: none).
 */
import type Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Client } from 'discord.js';
import * as schema from '../db/schema.js';
import { DigestComposer } from '../digest/digest-composer.js';
import { DigestDelivery } from '../digest/digest-delivery.js';
import { DigestScheduler } from '../digest/digest-scheduler.js';
import { DigestService } from '../digest/digest-service.js';
import type { Services } from '../discord/interactions/types.js';
import type { Logger } from '../ops/log.js';
import type { TrainingEvent } from '../model/training/training-events.js';
import type { Scheduler } from '../digest/digest-scheduler.js';
import type { ChannelAccess } from './channel-access.js';
import { discordChannelAccess } from './discord-channel-access.js';
import type { ModerationHook } from './pipeline/types.js';
import { RecommendService, type OptedOutAuthors } from './recommend-service.js';
import { registryRankerLoader } from './serving/registry-ranker.js';
import { ServingCache, type RankerLoader } from './serving/serving-cache.js';

export interface BotRecommendOptions {
  /** Serving cache refresh period (RECOMMEND_REFRESH_MINUTES; default 10 minutes). */
  refreshMs?: number;
  /** DIGEST_INACTIVE_DAYS: members without a post or reaction for this long get no DM digest (default 14). */
  inactiveDays?: number;
  /** Moderation's hook to drop or demote posts (default: none). */
  moderation?: ModerationHook;
  /** Privacy's opted-out members, whose posts are never recommended (default: nobody). */
  optedOutAuthors?: OptedOutAuthors;
  /** Tests: the ranker (default: the model registry's serving choice). */
  loadRanker?: RankerLoader;
  /** Tests: fire digest ticks by hand (default node-cron, every minute). */
  digestScheduler?: Scheduler;
  /** DIGEST_TICK_CRON: when the digest tick checks for due digests and delivers (default every minute). */
  digestCron?: string;
  /** Tests and benchmarks: channel access (default discord.js permissions). */
  access?: ChannelAccess;
  /** Called once per daily digest run delivered (metrics). */
  onDigestDelivered?: (guildId: string) => void;
}

export interface Recommendations {
  services: Pick<Services, 'recommend' | 'digest'>;
  onTrainingEvent(event: TrainingEvent): void;
  start(): void;
  stop(): Promise<void>;
}

export function startRecommendations(
  options: { client: Client; sqlite: Database.Database; databasePath: string; log: Logger; now: () => number } & BotRecommendOptions,
): Recommendations {
  const { client, sqlite, log, now } = options;
  const db = drizzle(sqlite, { schema });
  const access = options.access ?? discordChannelAccess(client);
  const cache = new ServingCache({
    sqlite,
    log,
    now,
    loadRanker: options.loadRanker ?? registryRankerLoader,
    databasePath: options.databasePath,
    ...(options.refreshMs === undefined ? {} : { refreshMs: options.refreshMs }),
  });
  const recommend = new RecommendService({
    sqlite,
    log,
    now,
    cache,
    access,
    ...(options.moderation ? { moderation: options.moderation } : {}),
    ...(options.optedOutAuthors ? { optedOutAuthors: options.optedOutAuthors } : {}),
  });
  const composer = new DigestComposer({ sqlite, recommend, log, now, inactiveDays: options.inactiveDays ?? 14 });
  const delivery = new DigestDelivery({ sqlite, db, client, access, recommend, log, now });
  const scheduler = new DigestScheduler({
    sqlite,
    db,
    client,
    cache,
    composer,
    delivery,
    log,
    now,
    ...(options.digestScheduler ? { scheduler: options.digestScheduler } : {}),
    ...(options.digestCron ? { cron: options.digestCron } : {}),
    ...(options.onDigestDelivered ? { onDelivered: options.onDigestDelivered } : {}),
  });
  const digest = new DigestService({ sqlite, db, recommend, composer, scheduler, access, now });
  return {
    services: { recommend, digest },
    onTrainingEvent(event) {
      // A new model (or baseline choice) serves from the next refresh; warm guilds refresh now.
      if (event.type !== 'guild-end' || event.result.status !== 'succeeded' || !cache.peek(event.result.guildId)) return;
      cache.refresh(event.result.guildId).catch((error: unknown) => log.warn({ err: error, guildId: event.result.guildId }, 'serving refresh after training failed'));
    },
    start() {
      cache.start();
      scheduler.start();
    },
    async stop() {
      await scheduler.stop();
      await cache.stop();
    },
  };
}

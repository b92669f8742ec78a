/**
 * Wires recommendations and digests for the bot: the serving cache, the /recommend service, the digest composer,
 * daily runs and delivery, and their tasks (the digest tick, the serving refresh). Moderation and privacy plug in
 * through `moderation` and `optedOutMembers` (default: none). Wiring only: what each part does is in its module.
 */
import type Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Client } from 'discord.js';
import * as schema from '../db/schema.js';
import { DailyDigests } from '../digest/daily-digests.js';
import { DigestComposer } from '../digest/digest-composer.js';
import { DigestDeliveries, digestDeliveryPrefix } from '../digest/digest-deliveries.js';
import { DigestService } from '../digest/digest-service.js';
import type { DeliveryOutbox } from '../discord/delivery/outbox.js';
import type { Services } from '../discord/interactions/types.js';
import type { Logger } from '../ops/log.js';
import type { TrainingEvent } from '../model/training/training-events.js';
import type { ChannelAccess } from '../recommend/channel-access.js';
import { discordChannelAccess } from '../discord/channel-access.js';
import { guildLocale } from '../discord/guild-facts.js';
import { postPreviews } from '../recommend/post-previews.js';
import { ThreadRosters } from '../discord/thread-rosters.js';
import { databaseThreadPrivacy } from '../recommend/db-thread-privacy.js';
import type { ModerationHook } from '../recommend/pipeline/types.js';
import { RecommendService, type OptedOutMembers } from '../recommend/recommend-service.js';
import { registryRankerLoader } from '../recommend/serving/registry-ranker.js';
import { ServingCache, type RankerLoader } from '../recommend/serving/serving-cache.js';
import { digestTask } from '../tasks/digest-task.js';
import { servingRefreshTask } from '../tasks/serving-refresh-task.js';
import type { Task } from '../tasks/task.js';
import { digestSender } from '../../commands/render/digest-sender.js';

/** RECOMMEND_REFRESH_MINUTES' default. */
const DEFAULT_REFRESH_MS = 10 * 60_000;

export interface BotRecommendOptions {
  /**
   * Serving cache refresh period (RECOMMEND_REFRESH_MINUTES; default 10 minutes). Null: no periodic refresh (entries
   * are still built on first use and rebuilt after training).
   */
  refreshMs?: number | null;
  /** DIGEST_INACTIVE_DAYS: members without a post or reaction for this long get no DM digest (default 14). */
  inactiveDays?: number;
  /** Moderation's hook to drop or demote posts (default: none). */
  moderation?: ModerationHook;
  /** Privacy's opted-out members, whose posts are never recommended (default: nobody). */
  optedOutMembers?: OptedOutMembers;
  /** Tests: the ranker (default: the model registry's serving choice). */
  loadRanker?: RankerLoader;
  /** DIGEST_TICK_CRON: when the digest tick checks for due digests and delivers (default every minute). */
  digestCron?: string;
  /** Tests and benchmarks: channel access (default discord.js permissions). */
  access?: ChannelAccess;
  /** Called once per daily digest run delivered (metrics). */
  onDigestDelivered?: (guildId: string) => void;
}

export interface Recommendations {
  /** `access`: who may view what, for every feature that shows posts (moderation, contests too). */
  services: Pick<Services, 'recommend' | 'digest' | 'access'>;
  /** The digest tick and the serving refresh. */
  tasks: Task[];
  onTrainingEvent(event: TrainingEvent): void;
  /** Releases the serving state (after the tasks have stopped). */
  stop(): Promise<void>;
}

export function wireRecommendations(
  options: {
    client: Client;
    /** Digests are enqueued there when composed, and sent by the digest tick. */
    outbox: DeliveryOutbox;
    sqlite: Database.Database;
    databasePath: string;
    log: Logger;
    now: () => number;
  } & BotRecommendOptions,
): Recommendations {
  const { client, sqlite, log, now } = options;
  const db = drizzle(sqlite, { schema });
  const access =
    options.access ??
    discordChannelAccess(client, { threadPrivacy: databaseThreadPrivacy(sqlite), rosters: new ThreadRosters(client, { log, now }) });
  const optedOutMembers = options.optedOutMembers;
  const cache = new ServingCache({
    sqlite,
    log,
    now,
    loadRanker: options.loadRanker ?? registryRankerLoader,
    databasePath: options.databasePath,
    ...(optedOutMembers ? { optedOutMembers: (guildId: string) => optedOutMembers(sqlite, guildId) } : {}),
  });
  const recommend = new RecommendService({
    sqlite,
    log,
    now,
    cache,
    access,
    ...(options.moderation ? { moderation: options.moderation } : {}),
    ...(options.optedOutMembers ? { optedOutMembers: options.optedOutMembers } : {}),
  });
  const composer = new DigestComposer({ sqlite, recommend, log, now, inactiveDays: options.inactiveDays ?? 14 });
  options.outbox.addSender(
    digestSender(client, new DigestDeliveries({ sqlite, db, access, recommend, now }), {
      previews: (guildId, postIds) => postPreviews(sqlite, guildId, postIds),
      localeOf: (guildId) => guildLocale(client, sqlite, guildId),
    }),
  );
  const digests = new DailyDigests({ sqlite, db, cache, composer, log, now });
  const digest = new DigestService({ sqlite, db, recommend, composer, access, now });
  const refreshMs = options.refreshMs === undefined ? DEFAULT_REFRESH_MS : options.refreshMs;
  const tasks = [
    digestTask({
      digests,
      // What the run has enqueued (its community post, its DMs).
      deliver: (run, shouldStop) =>
        options.outbox.deliver({ sender: 'digest', keyPrefix: digestDeliveryPrefix(run.guildId, run.day), owns: () => true, shouldStop }),
      guildAvailable: (guildId) => client.guilds.cache.has(guildId),
      ...(options.digestCron ? { schedule: options.digestCron } : {}),
      ...(options.onDigestDelivered ? { onDelivered: options.onDigestDelivered } : {}),
    }),
    ...(refreshMs === null ? [] : [servingRefreshTask(cache, refreshMs)]),
  ];
  return {
    services: { recommend, digest, access },
    tasks,
    onTrainingEvent(event) {
      // A new model (or baseline choice) serves from the next refresh; warm guilds refresh now.
      if (event.type !== 'guild-end' || event.result.status !== 'succeeded' || !cache.peek(event.result.guildId)) return;
      cache.refresh(event.result.guildId).catch((error: unknown) => log.warn({ err: error, guildId: event.result.guildId }, 'serving refresh after training failed'));
    },
    stop: () => cache.stop(),
  };
}

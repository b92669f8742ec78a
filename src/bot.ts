/**
 * Assembles a running bot from its parts: database -> store and writer -> discord.js client -> listeners -> login.
 * main.ts feeds it the environment; tests and the demo feed it the fake Discord.
 */
import { Events, type Client, type ClientOptions } from 'discord.js';
import { openDatabase, type DatabaseHandle } from './db/connection.js';
import { runMigrations } from './db/migrate.js';
import { createDiscordClient } from './discord/client.js';
import { bindListeners, type BotContext } from './discord/listener.js';
import { recordingListeners } from './discord/listeners.js';
import { allButtonHandlers, allCommands } from './discord/commands.js';
import { InteractionRouter } from './discord/interactions/router.js';
import type { CommandContext, Services } from './discord/interactions/types.js';
import { ActivityStore } from './ingest/activity-store.js';
import { HistoryBackfill } from './ingest/backfill.js';
import { GuildSync } from './ingest/guild-sync.js';
import { IngestWriter, type IngestWriterOptions } from './ingest/ingest-writer.js';
import { StoreWorkerClient } from './ingest/store-worker-client.js';
import type { Logger } from './log.js';
import type { BackendRequest } from './model/backend.js';
import type { PostDemotionSubscriber } from './moderation/demotions.js';
import { scheduleQualityPasses } from './moderation/quality/quality-schedule.js';
import { ModerationService } from './moderation/review-queue.js';
import { OptOutRegistry, optedOutMemberIds } from './privacy/opt-outs.js';
import { demotedPostsHook } from './recommend/demoted-posts-hook.js';
import { PrivacyService } from './privacy/privacy-service.js';
import type { RetentionPolicy } from './privacy/retention.js';
import { scheduleRetentionSweeps, type ScheduledJob, type Scheduler as CronJobScheduler } from './privacy/retention-schedule.js';
import { startRecommendations, type BotRecommendOptions } from './recommend/start-recommendations.js';
import { markInterruptedRuns } from './model/registry.js';
import { startTrainingSchedule, type TrainingSchedule } from './model/training/training-schedule.js';
import { TrainingService } from './model/training/training-service.js';
import type { TrainingEvent } from './model/training/training-events.js';
import { reversePointsOnDemotion } from './economy/demotion-subscriber.js';
import { EconomyRuntime } from './economy/runtime.js';
import { closeChartWorker } from './stats/chart-worker-client.js';

export interface BotOptions {
  token: string;
  databasePath: string;
  messageContent: boolean;
  apiUrl?: string | undefined;
  horizonDays: number;
  refreshHours: number;
  log: Logger;
  now?: () => number;
  writer?: IngestWriterOptions;
  /** How long a write waits for another process's lock before retrying (default 5 s). */
  busyTimeoutMs?: number;
  clientOverrides?: Partial<ClientOptions>;
  /** Retention of departed members, removed guilds and message text (defaults: 30, 7, 30 days; hourly sweeps). */
  retention?: RetentionPolicy & { cron: string };
  /** The post-quality pass (default: daily at 04:40, threshold 0.15, backend auto). */
  quality?: { cron: string; threshold: number; backend: BackendRequest };
  /** Runs the cron jobs; tests pass one they tick themselves. */
  scheduler?: CronJobScheduler;
  /** Called inside the transaction that confirms a post low quality (e.g. the economy's point reversal). */
  demotionSubscribers?: PostDemotionSubscriber[];
  /** Scheduled training (TRAINING_CRON, TRAINING_BACKEND); without it the bot records but never trains. */
  training?: BotTrainingOptions;
  /** /recommend and digests: cache refresh, hooks from moderation and privacy, the digest tick's scheduler. */
  recommend?: BotRecommendOptions;
  /** Posts moderation confirmed low quality, excluded from contests (default: posts reversed by reversePostRewards). */
  isPostDemoted?: (postId: string) => boolean;
}

export interface BotTrainingOptions {
  /** node-cron expression, or `off` for on-demand runs only. */
  cron: string;
  backend: BackendRequest;
  /** Tests train fixture methods; default src/model/methods. */
  methodsModule?: URL;
}

const DEFAULT_RETENTION: RetentionPolicy & { cron: string } = {
  memberRetentionDays: 30,
  guildGraceDays: 7,
  contentRetentionDays: 30,
  cron: '17 * * * *',
};
const DEFAULT_QUALITY = { cron: '40 4 * * *', threshold: 0.15, backend: 'auto' } as const;

export interface RunningBot {
  client: Client<true>;
  database: DatabaseHandle;
  store: ActivityStore;
  writer: IngestWriter;
  sync: GuildSync;
  moderation: ModerationService;
  privacy: PrivacyService;
  /** Present when the bot was started with training options. */
  training: TrainingService | null;
  /** The feature services commands use (tests drive the digest tick through them). */
  services: Services;
  /** Points, badges, contests: services and their tick (`runDueWork` runs one now). */
  economy: EconomyRuntime;
  /** Resolves when start-up syncs are done and every received event is written. */
  idle(): Promise<void>;
  /** Graceful stop: write what is queued, disconnect, close the database. */
  stop(): Promise<void>;
}

export async function startBot(options: BotOptions): Promise<RunningBot> {
  const now = options.now ?? Date.now;
  const database = openDatabase(options.databasePath);
  runMigrations(database.db);
  // Reads happen here; writes go through the store worker's own connection (WAL lets both proceed at once).
  const store = new ActivityStore(database.sqlite);
  const storeWorker = await StoreWorkerClient.start(
    options.databasePath,
    options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs },
  );
  // Members who opted out are filtered before anything reaches the store (Developer Policy #3).
  const optOuts = new OptOutRegistry(database.sqlite);
  const writer = new IngestWriter(storeWorker, store, options.log, { ...options.writer, isOptedOut: optOuts.isOptedOut });
  const moderation = new ModerationService(database, [reversePointsOnDemotion, ...(options.demotionSubscribers ?? [])]);
  const privacy = new PrivacyService(database, optOuts);
  const client = createDiscordClient({
    messageContent: options.messageContent,
    apiUrl: options.apiUrl,
    ...(options.clientOverrides ? { overrides: options.clientOverrides } : {}),
  });
  const backfill = new HistoryBackfill(store, writer, options.log, {
    horizonDays: options.horizonDays,
    refreshHours: options.refreshHours,
    keepContent: options.messageContent,
    now,
  });
  const sync = new GuildSync(client, store, writer, backfill, options.log, { horizonDays: options.horizonDays, now });
  const ctx: BotContext = { log: options.log, writer, sync, keepContent: options.messageContent, now };
  bindListeners(client, ctx, recordingListeners);
  const recommendations = startRecommendations({
    client,
    sqlite: database.sqlite,
    databasePath: options.databasePath,
    log: options.log,
    now,
    moderation: demotedPostsHook(database.sqlite),
    optedOutAuthors: optedOutMemberIds,
    ...options.recommend,
  });
  const economy = new EconomyRuntime({
    client,
    database,
    writer,
    log: options.log,
    now,
    ...(options.isPostDemoted ? { isPostDemoted: options.isPostDemoted } : {}),
  });
  const commandContext: CommandContext = {
    log: options.log,
    database,
    now,
    services: { moderation, privacy, ...recommendations.services, economy: economy.economy, contests: economy.contests },
  };
  new InteractionRouter(allCommands, allButtonHandlers).bind(client, commandContext);
  client.on(Events.Error, (error) => options.log.error({ err: error }, 'discord client error'));
  client.on(Events.ShardResume, (shardId, replayed) => options.log.info({ shardId, replayed }, 'gateway session resumed'));

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(options.token);
    await ready;
  } catch (error) {
    await client.destroy();
    await writer.close();
    database.close();
    throw error;
  }
  options.log.info({ user: client.user?.id, guilds: client.guilds.cache.size }, 'connected to Discord');
  const { training, schedule } = startTraining(options, database, recommendations.onTrainingEvent);
  recommendations.start();

  const retention = options.retention ?? DEFAULT_RETENTION;
  const quality = options.quality ?? DEFAULT_QUALITY;
  const jobs: ScheduledJob[] = [
    scheduleRetentionSweeps({
      sqlite: database.sqlite,
      policy: retention,
      cron: retention.cron,
      now,
      log: options.log,
      afterSweep: () => optOuts.refresh(),
      ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    }),
    scheduleQualityPasses({
      database,
      moderation,
      cron: quality.cron,
      threshold: quality.threshold,
      backend: quality.backend,
      now,
      log: options.log,
      ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    }),
  ];
  // Deadlines that fell due while the bot was down are processed once the start-up backfill has the missed posts.
  economy.start(sync.idle());

  let stopped = false;
  return {
    client: client as Client<true>,
    database,
    store,
    writer,
    sync,
    moderation,
    privacy,
    training,
    services: commandContext.services,
    economy,
    async idle() {
      await sync.idle();
      await writer.idle();
      await economy.idle();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await economy.stop();
      // A training run reads the database and may take minutes: stop scheduling it and abort it before closing.
      await schedule?.stop();
      await training?.abort();
      // Stop the digest tick and let an in-flight delivery commit before the client goes away.
      await recommendations.stop();
      for (const job of jobs) job.stop();
      // Disconnect first so no new events arrive, then commit everything already received.
      await client.destroy();
      // The /stats drawing thread (idle ones never hold the process up, but a stop should leave no thread behind).
      await closeChartWorker();
      await writer.close();
      database.close();
      options.log.info('stopped');
    },
  };
}

function startTraining(
  options: BotOptions,
  database: DatabaseHandle,
  onEvent: (event: TrainingEvent) => void,
): { training: TrainingService | null; schedule: TrainingSchedule | null } {
  if (!options.training) return { training: null, schedule: null };
  const interrupted = markInterruptedRuns(database.sqlite, (options.now ?? Date.now)());
  if (interrupted > 0) options.log.warn({ runs: interrupted }, 'training runs interrupted by the last shutdown were marked failed');
  const training = new TrainingService({
    databasePath: options.databasePath,
    backend: options.training.backend,
    log: options.log,
    onEvent,
    ...(options.training.methodsModule ? { methodsModule: options.training.methodsModule } : {}),
  });
  if (options.training.cron === 'off') return { training, schedule: null };
  return { training, schedule: startTrainingSchedule({ cron: options.training.cron, service: training, log: options.log }) };
}

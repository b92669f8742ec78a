/**
 * The composition root: assembles a running bot from its parts — database -> store and writer -> discord.js client
 * -> listeners, router (commands and buttons from command-table.ts) and the delivery outbox -> the feature services
 * (recommendations.ts, economy.ts) -> login -> the scheduled tasks — and stops them in order. main.ts feeds it the
 * environment; tests and the demo feed it the fake Discord and a simulated scheduler.
 */
import { Events, type Client, type ClientOptions } from 'discord.js';
import { databaseAnswers, openDatabase, type DatabaseHandle } from '../db/connection.js';
import { runMigrations } from '../db/migrate.js';
import { createDiscordClient } from '../discord/client.js';
import { bindListeners, type BotContext } from '../discord/listeners/define.js';
import { recordingListeners } from '../discord/listeners/index.js';
import { allButtonHandlers, allCommands } from './command-table.js';
import { InteractionRouter } from '../discord/interactions/router.js';
import type { CommandContext, Services } from '../discord/interactions/types.js';
import { ActivityStore } from '../ingest/activity-store.js';
import { HistoryBackfill } from '../ingest/backfill.js';
import { GuildSync } from '../ingest/guild-sync.js';
import { IngestWriter, type IngestWriterOptions } from '../ingest/ingest-writer.js';
import { StoreWorkerClient } from '../ingest/store-worker-client.js';
import type { Logger } from '../ops/log.js';
import type { BackendRequest } from '../model/backend.js';
import type { PostDemotionSubscriber } from '../moderation/demotions.js';
import { ModerationService } from '../moderation/moderation-service.js';
import { OptOutList } from '../db/queries/opt-outs.js';
import { demotedPostsHook } from '../recommend/demoted-posts-hook.js';
import { PrivacyService, type PrivacyServiceOptions } from '../privacy/privacy-service.js';
import type { RetentionPolicy } from '../privacy/retention.js';
import { markInterruptedRuns } from '../model/registry.js';
import { TrainingService } from '../model/training/training-service.js';
import type { TrainingEvent } from '../model/training/training-events.js';
import { reversePointsOnDemotion } from '../economy/demotion-subscriber.js';
import { guildScopeOf } from '../ops/guild-scope.js';
import { startOpsServer } from '../ops/http-server.js';
import { BotMetrics } from '../ops/metrics.js';
import { closeChartWorker } from '../stats/chart-worker-client.js';
import { CronScheduler } from '../tasks/cron-scheduler.js';
import { qualityTask } from '../tasks/quality-task.js';
import { retentionTask } from '../tasks/retention-task.js';
import type { Scheduler } from '../tasks/scheduler.js';
import { TaskRunner } from '../tasks/task-runner.js';
import { trainingTask } from '../tasks/training-task.js';
import { DeliveryOutbox } from '../discord/delivery/outbox.js';
import { discordTransport } from '../discord/delivery/transport.js';
import { wireEconomy, type Economy } from './economy.js';
import { wireRecommendations, type BotRecommendOptions } from './recommendations.js';
import { wireSetupNotices } from './setup-notices.js';

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
  /**
   * Fires the scheduled tasks (retention, quality, training, digest tick, economy tick and sweep, serving refresh):
   * default node-cron on the wall clock; the demo and tests pass a SimulatedScheduler they advance or never advance.
   */
  scheduler?: Scheduler;
  /** Called inside the transaction that confirms a post low quality (e.g. the economy's point reversal). */
  demotionSubscribers?: PostDemotionSubscriber[];
  /** Scheduled training (TRAINING_CRON, TRAINING_BACKEND); without it the bot records but never trains. */
  training?: BotTrainingOptions;
  /** /recommend and digests: cache refresh, hooks from moderation and privacy, the digest tick's schedule. */
  recommend?: BotRecommendOptions;
  /** Posts moderation confirmed low quality, excluded from contests (default: posts reversed by reversePostRewards). */
  isPostDemoted?: (postId: string) => boolean;
  /** /privacy: the largest export file (default 8 MiB). */
  privacy?: PrivacyServiceOptions;
  /** The /healthz and /metrics endpoint (METRICS_PORT, METRICS_HOST); off when absent. Port 0 picks a free one. */
  metrics?: { port: number; host: string };
  /** The setup message after joining a server (default on; tests of other features turn it off). */
  setupNotices?: boolean;
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
  /** The feature services commands use. */
  services: Services;
  /** The scheduled tasks: `tasks.run('digest')` runs one now (tests, the demo). */
  tasks: TaskRunner;
  /** Points, badges, contests: services and the start-up pass. */
  economy: Economy;
  /** The operations endpoint's bound port, when metrics are on. */
  metricsPort: number | null;
  /** Resolves when start-up syncs are done and every received event is written. */
  idle(): Promise<void>;
  /**
   * Graceful stop: cron jobs stop, a running training run aborts, a digest delivery finishes its current message,
   * the gateway disconnects, received events are committed, the WAL is checkpointed and the database closed.
   */
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
  // Members who opted out are left out by the store, inside each batch's transaction (Developer Policy #3); the
  // serving path and digests read the same list, current on every request.
  const optOuts = new OptOutList(database.sqlite);
  // Metrics are created only when the endpoint is on: off means no registry, no hooks, no port.
  let guildCount = () => 0;
  const metrics = options.metrics ? new BotMetrics(() => guildCount()) : null;
  const writer = new IngestWriter(storeWorker, store, options.log, {
    ...options.writer,
    ...(metrics ? { onBatchCommitted: (ops: readonly { kind: string }[], seconds: number) => metrics.ingestCommitted(ops, seconds) } : {}),
  });
  const moderation = new ModerationService(database, [reversePointsOnDemotion, ...(options.demotionSubscribers ?? [])]);
  const privacy = new PrivacyService(database, options.privacy);
  const client = createDiscordClient({
    messageContent: options.messageContent,
    apiUrl: options.apiUrl,
    ...(options.clientOverrides ? { overrides: options.clientOverrides } : {}),
  });
  guildCount = () => client.guilds.cache.size;
  const tasks = new TaskRunner(options.scheduler ?? new CronScheduler(options.log), guildScopeOf(client), options.log);
  const backfill = new HistoryBackfill(store, writer, options.log, {
    horizonDays: options.horizonDays,
    refreshHours: options.refreshHours,
    keepContent: options.messageContent,
    now,
  });
  const sync = new GuildSync(client, store, writer, backfill, options.log, { horizonDays: options.horizonDays, now });
  const ctx: BotContext = { log: options.log, writer, sync, keepContent: options.messageContent, now };
  bindListeners(client, ctx, recordingListeners);
  // The one way attune's own messages (digests, announcements) reach Discord; each feature adds its sender.
  const outbox = new DeliveryOutbox({ sqlite: database.sqlite, transport: discordTransport(client), log: options.log, now });
  const recommendations = wireRecommendations({
    client,
    outbox,
    sqlite: database.sqlite,
    databasePath: options.databasePath,
    log: options.log,
    now,
    moderation: demotedPostsHook(database.sqlite),
    optedOutMembers: (_sqlite, guildId) => optOuts.inGuild(guildId),
    ...(metrics ? { onDigestDelivered: () => metrics.digestDelivered() } : {}),
    ...options.recommend,
  });
  if (options.setupNotices !== false) {
    wireSetupNotices({ client, outbox, database, writer, log: options.log, now, messageContent: options.messageContent });
  }
  const economy = wireEconomy({
    client,
    outbox,
    database,
    writer,
    log: options.log,
    now,
    access: recommendations.services.access,
    ...(options.isPostDemoted ? { isPostDemoted: options.isPostDemoted } : {}),
  });
  const commandContext: CommandContext = {
    log: options.log,
    database,
    now,
    messageContent: options.messageContent,
    services: { moderation, privacy, ...recommendations.services, economy: economy.economy, contests: economy.contests },
  };
  new InteractionRouter(
    allCommands,
    allButtonHandlers,
    metrics ? (name, outcome, seconds) => metrics.interactionHandled(name, outcome, seconds) : undefined,
  ).bind(client, commandContext);
  client.on(Events.Error, (error) => options.log.error({ err: error }, 'discord client error'));
  client.on(Events.ShardResume, (shardId, replayed) => options.log.info({ shardId, replayed }, 'gateway session resumed'));
  if (metrics) client.on(Events.Raw, (packet: unknown) => countDispatch(metrics, packet));
  const opsServer = metrics && options.metrics ? await startOpsServer({
    ...options.metrics,
    metrics,
    health: () => ({ gateway: client.isReady(), database: databaseAnswers(database.sqlite) }),
  }) : null;
  if (opsServer) options.log.info({ host: options.metrics?.host, port: opsServer.port }, 'health and metrics endpoint listening');

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(options.token);
    await ready;
  } catch (error) {
    await client.destroy();
    await opsServer?.close();
    await writer.close();
    database.close();
    throw error;
  }
  options.log.info({ user: client.user?.id, guilds: client.guilds.cache.size, shards: client.options.shards }, 'connected to Discord');
  const onTrainingEvent = (event: TrainingEvent) => {
    if (metrics && event.type === 'guild-end') metrics.trainingRunFinished(event.result.status, event.result.durationMs / 1000);
    recommendations.onTrainingEvent(event);
  };
  const training = startTraining(options, database, onTrainingEvent);
  for (const task of recommendations.tasks) tasks.add(task);
  const retention = options.retention ?? DEFAULT_RETENTION;
  tasks.add(
    retentionTask({
      sqlite: database.sqlite,
      policy: retention,
      schedule: retention.cron,
      now,
      log: options.log,
    }),
  );
  const quality = options.quality ?? DEFAULT_QUALITY;
  tasks.add(
    qualityTask({ database, moderation, schedule: quality.cron, threshold: quality.threshold, backend: quality.backend, now, log: options.log }),
  );
  if (training && options.training && options.training.cron !== 'off') {
    tasks.add(trainingTask({ sqlite: database.sqlite, schedule: options.training.cron, service: training, log: options.log }));
    options.log.info({ cron: options.training.cron }, 'training scheduled');
  }
  // Deadlines that fell due while the bot was down are processed once the start-up backfill has the missed posts.
  economy.start(tasks, sync.idle());

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
    tasks,
    economy,
    metricsPort: opsServer?.port ?? null,
    async idle() {
      await sync.idle();
      await writer.idle();
      await economy.idle();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      const log = options.log;
      // Each step runs even when an earlier one failed: the database must be closed whatever else went wrong.
      const failures: unknown[] = [];
      const step = async (name: string, work: () => unknown) => {
        try {
          await work();
        } catch (error) {
          failures.push(error);
          log.error({ err: error, step: name }, 'shutdown step failed');
        }
      };
      // No new scheduled work; in parallel, a training run aborts at its next step (recorded as aborted), and the
      // runs in progress (a digest delivery, the economy tick) finish what they are sending (one message) and stop.
      // All need the client and the database.
      await step('scheduled tasks', () => Promise.all([tasks.stop(), training?.abort()]));
      await step('economy', () => economy.stop());
      await step('serving state', () => recommendations.stop());
      await step('metrics endpoint', () => opsServer?.close());
      // Disconnect: no new gateway events or interactions; then commit every event already received.
      await step('gateway', () => client.destroy());
      // The /stats drawing thread (idle ones never hold the process up, but a stop should leave no thread behind).
      await step('chart worker', () => closeChartWorker());
      await step('ingest writer', () => writer.close());
      await step('database', () => {
        // Fold the WAL back into the database file so the copy on disk is complete on its own (backups, moves).
        database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
        database.close();
      });
      log.info({ failedSteps: failures.length }, 'stopped');
      if (failures.length > 0) throw new AggregateError(failures, 'shutdown finished with errors');
    },
  };
}

function startTraining(options: BotOptions, database: DatabaseHandle, onEvent: (event: TrainingEvent) => void): TrainingService | null {
  if (!options.training) return null;
  const interrupted = markInterruptedRuns(database.sqlite, (options.now ?? Date.now)());
  if (interrupted > 0) options.log.warn({ runs: interrupted }, 'training runs interrupted by the last shutdown were marked failed');
  return new TrainingService({
    databasePath: options.databasePath,
    backend: options.training.backend,
    log: options.log,
    onEvent,
    ...(options.training.methodsModule ? { methodsModule: options.training.methodsModule } : {}),
  });
}

/** Counts a gateway dispatch by its event name (op 0 only: heartbeats and hellos are not events). */
function countDispatch(metrics: BotMetrics, packet: unknown): void {
  if (typeof packet !== 'object' || packet === null || !('t' in packet)) return;
  const type = packet.t;
  if (typeof type === 'string' && /^[A-Z_]{1,64}$/.test(type)) metrics.gatewayEvent(type);
}

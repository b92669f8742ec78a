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
import type { CommandContext } from './discord/interactions/types.js';
import { ActivityStore } from './ingest/activity-store.js';
import { HistoryBackfill } from './ingest/backfill.js';
import { GuildSync } from './ingest/guild-sync.js';
import { IngestWriter, type IngestWriterOptions } from './ingest/ingest-writer.js';
import { StoreWorkerClient } from './ingest/store-worker-client.js';
import type { Logger } from './log.js';
import { EconomyRuntime } from './economy/runtime.js';

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
  /** Posts moderation confirmed low quality, excluded from contests (default: posts reversed by reversePostRewards). */
  isPostDemoted?: (postId: string) => boolean;
}

export interface RunningBot {
  client: Client<true>;
  database: DatabaseHandle;
  store: ActivityStore;
  writer: IngestWriter;
  sync: GuildSync;
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
  const writer = new IngestWriter(storeWorker, store, options.log, options.writer);
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
    services: { economy: economy.economy, contests: economy.contests },
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
  // Deadlines that fell due while the bot was down are processed once the start-up backfill has the missed posts.
  economy.start(sync.idle());

  let stopped = false;
  return {
    client: client as Client<true>,
    database,
    store,
    writer,
    sync,
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
      // Disconnect first so no new events arrive, then commit everything already received.
      await client.destroy();
      await writer.close();
      database.close();
      options.log.info('stopped');
    },
  };
}

import { startBot, type BotOptions, type RunningBot } from '../../src/app/bot.js';
import type { ClientOptions } from 'discord.js';
import { silentLogger, type Logger } from '../../src/ops/log.js';
import type { BotRecommendOptions } from '../../src/app/recommendations.js';
import { clientOptionsFor, FakeDiscord, type FakeDiscordOptions } from '../../src/sim/index.js';
import { allCommands } from '../../src/app/command-table.js';
import { registerCommands } from '../../src/discord/register-commands.js';
import type { Scheduler } from '../../src/tasks/scheduler.js';
import { createTempDb, type TempDb } from './temp-db.js';

export interface BotRunOptions {
  messageContent?: boolean;
  horizonDays?: number;
  refreshHours?: number;
  /** Return as soon as the client is ready, without waiting for the start-up backfill (default true: wait). */
  waitForSync?: boolean;
  busyTimeoutMs?: number;
  /** Fires the bot's scheduled tasks (default node-cron); a SimulatedScheduler the test advances, or runs by hand. */
  scheduler?: Scheduler;
  now?: () => number;
  recommend?: BotRecommendOptions;
  /** The bot's logger (default: silent). */
  log?: Logger;
  /** Turns the /healthz + /metrics endpoint on (port 0: any free port). */
  metrics?: { port: number; host: string };
  /** Scheduled and on-demand training (default: none). */
  training?: BotOptions['training'];
  /** /privacy options (e.g. a small export part size). */
  privacy?: BotOptions['privacy'];
  /** Extra client options (e.g. `shards`/`shardCount` to run one shard of several). */
  clientOverrides?: Partial<ClientOptions>;
  /** The setup message after joining a server (default off here: it would be one more bot post in every test guild). */
  setupNotices?: boolean;
}

/** Starts the real bot (real discord.js client, real SQLite file) against the fake. */
export async function startTestBot(fake: FakeDiscord, db: TempDb, options: BotRunOptions = {}): Promise<RunningBot> {
  const bot = await startBot({
    token: fake.token,
    databasePath: db.path,
    messageContent: options.messageContent ?? true,
    apiUrl: fake.apiUrl,
    horizonDays: options.horizonDays ?? 30,
    refreshHours: options.refreshHours ?? 24,
    log: options.log ?? silentLogger,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }),
    ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.recommend ? { recommend: options.recommend } : {}),
    ...(options.training ? { training: options.training } : {}),
    setupNotices: options.setupNotices ?? false,
    ...(options.privacy ? { privacy: options.privacy } : {}),
    // Discord's 50 requests/s global limit is discord.js's default; tests lift it so backfills take milliseconds.
    clientOverrides: { ...clientOptionsFor(fake), rest: { api: fake.apiUrl, globalRequestsPerSecond: 1_000 }, ...options.clientOverrides },
  });
  if (options.waitForSync !== false) await bot.idle();
  return bot;
}

export async function startFake(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  return FakeDiscord.start({ heartbeatIntervalMs: 1_000, ...options });
}

export { createTempDb, type TempDb };
export { eventually } from './eventually.js';
export { rows } from './rows.js';

/** Registers attune's commands in a fake guild the way an admin would (`attune register-commands --guild`). */
export async function registerCommandsIn(fake: FakeDiscord, guildId: string): Promise<void> {
  await registerCommands(allCommands, { token: fake.token, apiUrl: fake.apiUrl, guildId });
}

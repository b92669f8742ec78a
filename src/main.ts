/** `npm start`: configuration -> bot -> shutdown handling. */
import { ConfigError, loadConfig, loadDotEnv } from './config.js';
import { startBot } from './bot.js';
import { createLogger, type Logger } from './log.js';

async function main(): Promise<void> {
  // Values already in the environment win over the file, so a deployment can override single keys.
  loadDotEnv();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`attune: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.LOG_LEVEL);
  const bot = await startBot({
    token: config.DISCORD_TOKEN,
    databasePath: config.DATABASE_PATH,
    messageContent: config.MESSAGE_CONTENT_INTENT,
    apiUrl: config.DISCORD_API_URL,
    horizonDays: config.BACKFILL_HORIZON_DAYS,
    refreshHours: config.BACKFILL_REFRESH_HOURS,
    training: { cron: config.TRAINING_CRON, backend: config.TRAINING_BACKEND },
    recommend: { refreshMs: config.RECOMMEND_REFRESH_MINUTES * 60_000, inactiveDays: config.DIGEST_INACTIVE_DAYS },
    log,
    retention: {
      memberRetentionDays: config.MEMBER_RETENTION_DAYS,
      guildGraceDays: config.GUILD_PURGE_GRACE_DAYS,
      contentRetentionDays: config.MESSAGE_CONTENT_RETENTION_DAYS,
      cron: config.RETENTION_SWEEP_CRON,
    },
    quality: { cron: config.QUALITY_CRON, threshold: config.QUALITY_REVIEW_THRESHOLD, backend: config.TRAINING_BACKEND },
    ...(config.METRICS_PORT === undefined ? {} : { metrics: { port: config.METRICS_PORT, host: config.METRICS_HOST } }),
  });
  handleShutdownSignals(() => bot.stop(), log, config.SHUTDOWN_TIMEOUT_SECONDS * 1000);
}

/**
 * SIGTERM/SIGINT stop the bot gracefully and exit 0. A second signal, or a stop that outlasts `timeoutMs`, exits 1
 * at once with a log line (a supervisor's patience is finite, and so is a person pressing Ctrl-C twice).
 */
function handleShutdownSignals(stop: () => Promise<void>, log: Logger, timeoutMs: number): void {
  let firstAt: number | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstAt !== null) {
      // Ctrl-C under `npm run start:sharded` reaches a shard twice at once: from the terminal and from the manager.
      if (Date.now() - firstAt < DUPLICATE_SIGNAL_MS) return;
      log.warn({ signal }, 'second signal during shutdown: exiting now');
      process.exit(1);
    }
    firstAt = Date.now();
    log.info({ signal, timeoutMs }, 'shutting down');
    setTimeout(() => {
      log.error({ timeoutMs }, 'shutdown did not finish in time: exiting now');
      process.exit(1);
    }, timeoutMs).unref();
    stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log.error({ err: error }, 'unclean shutdown');
        process.exit(1);
      });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

const DUPLICATE_SIGNAL_MS = 500;

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  if (/disallowed intents/i.test(message)) {
    process.stderr.write(
      'attune: Discord refused the requested intents. Enable "Server Members Intent" (and "Message Content Intent" ' +
        'if MESSAGE_CONTENT_INTENT=true) for your bot in the Developer Portal, see README.\n',
    );
  } else if (/token/i.test(message)) {
    process.stderr.write(`attune: Discord rejected the token (${message}). Reset it in the Developer Portal and update .env.\n`);
  } else {
    process.stderr.write(`attune: failed to start: ${message}\n`);
  }
  process.exit(1);
});

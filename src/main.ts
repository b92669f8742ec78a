/** `npm start`: configuration -> bot -> shutdown handling. */
import { loadConfigOrExit } from './config.js';
import { startBot } from './app/bot.js';
import { createProcessLogger } from './ops/log.js';
import { handleShutdownSignals } from './ops/shutdown.js';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const log = createProcessLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const bot = await startBot({
    token: config.DISCORD_TOKEN,
    databasePath: config.DATABASE_PATH,
    messageContent: config.MESSAGE_CONTENT_INTENT,
    apiUrl: config.DISCORD_API_URL,
    horizonDays: config.BACKFILL_HORIZON_DAYS,
    refreshHours: config.BACKFILL_REFRESH_HOURS,
    training: { cron: config.TRAINING_CRON, backend: config.TRAINING_BACKEND },
    recommend: {
      refreshMs: config.RECOMMEND_REFRESH_MINUTES * 60_000,
      inactiveDays: config.DIGEST_INACTIVE_DAYS,
      digestCron: config.DIGEST_TICK_CRON,
    },
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
  handleShutdownSignals({ stop: () => bot.stop(), log, timeoutMs: config.SHUTDOWN_TIMEOUT_SECONDS * 1000 });
}

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

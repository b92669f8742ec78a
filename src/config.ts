import { existsSync } from 'node:fs';
import { validate as isCronExpression } from 'node-cron';
import { z } from 'zod';

/** A node-cron expression (5 or 6 fields), checked at start rather than at the first tick. */
const cronExpression = z.string().refine((value) => isCronExpression(value), 'is not a valid cron expression');

/** Boolean env values as people write them in .env files. */
const envBoolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes' || v === 'on');

export const configSchema = z.object({
  DISCORD_TOKEN: z
    .string({ error: 'is missing' })
    .min(50, 'does not look like a bot token (too short)')
    .regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, 'does not look like a bot token (expected three dot-separated parts)'),
  /** Whether the bot application has the privileged MESSAGE_CONTENT intent enabled in the Developer Portal. */
  MESSAGE_CONTENT_INTENT: envBoolean.default(false),
  /** Override of Discord's REST base (used by the offline demo and tests against the fake Discord). */
  DISCORD_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_PATH: z.string().min(1).default('./data/attune.db'),
  BACKFILL_HORIZON_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  /** Recent history re-read on every start so reactions, edits and deletes made while the bot was down are caught. */
  BACKFILL_REFRESH_HOURS: z.coerce.number().int().min(0).max(24 * 30).default(24),
  /** TensorFlow.js backend for training: auto tries node-gpu → node → wasm → cpu and logs the one it picked. */
  TRAINING_BACKEND: z.enum(['auto', 'node-gpu', 'node', 'wasm', 'cpu']).default('auto'),
  /** Days a departed member's data is kept (they may come back) before it is erased. */
  MEMBER_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  /** Days after attune is removed from a server before everything about that server is erased. */
  GUILD_PURGE_GRACE_DAYS: z.coerce.number().int().min(0).max(3650).default(7),
  /** Days message text is kept (digest snippets); ids, timing and counts stay. */
  MESSAGE_CONTENT_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  /** When retention sweeps run (node-cron, server time). */
  RETENTION_SWEEP_CRON: cronExpression.default('17 * * * *'),
  /** When the post-quality model is retrained and recent posts are scored (node-cron, server time). */
  QUALITY_CRON: cronExpression.default('40 4 * * *'),
  /** Posts whose learned quality score is below this are queued for moderator review (never deleted). */
  QUALITY_REVIEW_THRESHOLD: z.coerce.number().min(0).max(1).default(0.15),
  /** When the bot retrains every guild (node-cron syntax, server local time); `off` disables scheduled training. */
  TRAINING_CRON: z
    .string()
    .default('0 4 * * *')
    .refine((v) => v === 'off' || isCronExpression(v), 'is not a cron expression (e.g. "0 4 * * *" for 04:00 daily) or "off"'),
  /** How often each guild's recommendation snapshot and model binding are rebuilt in the background. */
  RECOMMEND_REFRESH_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(10),
  /** How often the digest tick looks for due digests and delivers pending ones (node-cron, 5 or 6 fields). */
  DIGEST_TICK_CRON: cronExpression.default('* * * * *'),
  /** Members with no post or reaction for this many days get no DM digest. */
  DIGEST_INACTIVE_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `json` or `pretty`; unset: pretty when the log goes to a terminal, JSON otherwise (see src/ops/log.ts). */
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  /** Port of the /healthz + /metrics endpoint; unset means no endpoint (no port is opened). */
  METRICS_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  /** Interface the endpoint binds; loopback unless a scraper on another machine needs it. */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** Longest a graceful shutdown may take before the process exits with status 1 anyway. */
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(20),
  /** `npm run start:sharded` only: how many shards (processes) to run; `auto` asks Discord for its recommendation. */
  TOTAL_SHARDS: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(10_000)]).default('auto'),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads ./.env into process.env when there is one; values already in the environment win. */
export function loadDotEnv(): void {
  if (existsSync('.env')) process.loadEnvFile('.env');
}

/**
 * Parses the environment. Throws a ConfigError whose message is one line naming the first bad key,
 * so `npm start` can print it and exit instead of dumping a stack.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return parseEnvironment(configSchema, env);
}

/**
 * The entry points' start (`npm start`, `npm run start:sharded`): .env, then the environment parsed; a bad or missing
 * key prints its one line and exits 2.
 */
export function loadConfigOrExit(): Config {
  // Values already in the environment win over the file, so a deployment can override single keys.
  loadDotEnv();
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`attune: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

/** What CLI commands need: they run without a bot token. */
export function loadDatabaseConfig(env: NodeJS.ProcessEnv = process.env): { databasePath: string } {
  const config = parseEnvironment(configSchema.pick({ DATABASE_PATH: true, LOG_LEVEL: true }), env);
  return { databasePath: config.DATABASE_PATH };
}

/** What `attune import` needs: the database, and the gateway's content setting, which imported text follows. */
export function loadImportConfig(
  env: NodeJS.ProcessEnv = process.env,
): Pick<Config, 'DATABASE_PATH' | 'MESSAGE_CONTENT_INTENT' | 'MESSAGE_CONTENT_RETENTION_DAYS'> {
  return parseEnvironment(configSchema.pick({ DATABASE_PATH: true, MESSAGE_CONTENT_INTENT: true, MESSAGE_CONTENT_RETENTION_DAYS: true }), env);
}

/** What `attune train` needs: the database, the backend and the log level (no bot token). */
export function loadTrainingConfig(
  env: NodeJS.ProcessEnv = process.env,
): Pick<Config, 'DATABASE_PATH' | 'TRAINING_BACKEND' | 'LOG_LEVEL' | 'LOG_FORMAT'> {
  return parseEnvironment(configSchema.pick({ DATABASE_PATH: true, TRAINING_BACKEND: true, LOG_LEVEL: true, LOG_FORMAT: true }), env);
}

function parseEnvironment<T>(schema: z.ZodType<T>, env: NodeJS.ProcessEnv): T {
  // An empty value in .env means "not set", so defaults apply.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = String(issue?.path[0] ?? 'environment');
  if (key === 'DISCORD_TOKEN' && cleaned.DISCORD_TOKEN === undefined) {
    throw new ConfigError(
      'DISCORD_TOKEN is missing: copy .env.example to .env and set your bot token (see README), ' +
        'or run `npm run demo` to try attune offline without a token.',
    );
  }
  throw new ConfigError(`${key} ${issue?.message ?? 'is invalid'} (check your .env; every key is described in .env.example)`);
}

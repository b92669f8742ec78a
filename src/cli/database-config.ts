import { existsSync } from 'node:fs';
import { configSchema, ConfigError } from '../config.js';

/** The part of the configuration CLI commands need: they run without a bot token. */
export function loadCliConfig(env: NodeJS.ProcessEnv = process.env): { databasePath: string; logLevel: string } {
  if (env === process.env && existsSync('.env')) process.loadEnvFile('.env');
  const schema = configSchema.pick({ DATABASE_PATH: true, LOG_LEVEL: true });
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigError(`${String(issue?.path[0])} ${issue?.message ?? 'is invalid'}`);
  }
  return { databasePath: result.data.DATABASE_PATH, logLevel: result.data.LOG_LEVEL };
}

import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/**
 * The process logger. Structured JSON on stdout (CLI commands whose stdout is their output log to stderr);
 * tokens are redacted wherever they appear in a logged object. Message content is never passed to the logger by
 * attune's own code.
 */
export function createLogger(level: LevelWithSilent = 'info', destination?: DestinationStream): Logger {
  return pino({
    level,
    base: { app: 'attune' },
    redact: { paths: ['token', '*.token', 'config.DISCORD_TOKEN', 'DISCORD_TOKEN', 'headers.authorization'], censor: '[redacted]' },
  }, destination);
}

export const silentLogger: Logger = pino({ level: 'silent' });

import { pino, stdSerializers, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/**
 * Paths censored wherever they appear in a logged object. attune's own call sites log ids and counts, never a raw
 * Discord payload or message text; these paths are the safety net for the day one does (pino redaction has no
 * recursive wildcard, so the common depths are listed).
 */
export const REDACTED_PATHS: readonly string[] = [
  'token',
  '*.token',
  '*.*.token',
  'config.DISCORD_TOKEN',
  'DISCORD_TOKEN',
  'authorization',
  'headers.authorization',
  '*.headers.authorization',
  'headers.Authorization',
  '*.headers.Authorization',
  'content',
  '*.content',
  '*.*.content',
  'message.content',
  'post.content',
  'embeds',
  '*.embeds',
  'requestBody',
  'err.requestBody',
  'error.requestBody',
];

/** Interaction tokens ride in REST paths (`/interactions/{id}/{token}/callback`, `/webhooks/{app}/{token}/…`). */
const TOKEN_IN_PATH = /\/(interactions|webhooks)\/(\d+)\/[^/?\s]+/g;

export function withoutPathTokens(text: string): string {
  return text.replace(TOKEN_IN_PATH, '/$1/$2/[redacted]');
}

/**
 * pino's error serializer, minus what a discord.js error carries about the request: DiscordAPIError and HTTPError
 * keep the request body (message text we were sending: digest snippets, announcements) and a URL that holds the
 * interaction token.
 */
function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const serialized = stdSerializers.err(error) as unknown as Record<string, unknown>;
  delete serialized.requestBody;
  for (const key of ['url', 'message', 'stack'] as const) {
    const value = serialized[key];
    if (typeof value === 'string') serialized[key] = withoutPathTokens(value);
  }
  return serialized;
}

/**
 * The process logger. Structured JSON on stdout (CLI commands whose stdout is their output log to stderr). Lines
 * about one guild carry `guildId` (call sites use child loggers or pass it); tokens and message content never reach
 * the stream (REDACTED_PATHS, serializeError).
 */
export function createLogger(level: LevelWithSilent = 'info', destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'attune' },
      redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
      serializers: { err: serializeError, error: serializeError },
    },
    destination,
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });

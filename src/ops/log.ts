import { pino, stdSerializers, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { PinoPretty } from 'pino-pretty';

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

/** `json`: one object per line, for log collectors; `pretty`: one readable line per entry, for a person at a terminal. */
export type LogFormat = 'json' | 'pretty';

/** LOG_FORMAT when it is set; otherwise pretty on a terminal and JSON everywhere else (pipes, files, journald). */
export function logFormatFor(requested: LogFormat | undefined, isTerminal: boolean): LogFormat {
  return requested ?? (isTerminal ? 'pretty' : 'json');
}

/**
 * The logger of a process writing to file descriptor `fd` (1, stdout, for the bot; 2, stderr, for CLI commands whose
 * stdout is their output), JSON or pretty as logFormatFor decides. Redaction applies to both: pino redacts before
 * the pretty printer sees a line.
 */
export function createProcessLogger(options: { level: LevelWithSilent; format?: LogFormat | undefined; fd?: 1 | 2 }): Logger {
  const fd = options.fd ?? 1;
  const stream = fd === 1 ? process.stdout : process.stderr;
  const format = logFormatFor(options.format, stream.isTTY === true);
  if (format === 'json') return createLogger(options.level, fd === 1 ? undefined : pino.destination(2));
  return createLogger(options.level, prettyStream(fd, stream.isTTY === true));
}

/** pino-pretty in this thread (no transport worker): a log line is on the terminal before the next statement runs. */
export function prettyStream(fd: 1 | 2, colorize: boolean): DestinationStream {
  return PinoPretty({
    destination: fd,
    sync: true,
    colorize,
    translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l',
    ignore: 'pid,hostname,app',
  });
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

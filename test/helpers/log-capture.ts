/** A logger that keeps every line it writes, for tests that check what the bot says (and wait for it to say it). */
import { Writable } from 'node:stream';
import type { LevelWithSilent } from 'pino';
import { createLogger, type Logger } from '../../src/ops/log.js';

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface CapturedLog {
  /** The bot's own logger (its redaction included), writing here. */
  log: Logger;
  /** Everything written, as text. */
  text(): string;
  /** The lines written, parsed. */
  lines(): LogLine[];
  /** How many lines carry exactly this message. */
  count(msg: string): number;
  /** Forgets what was written so far. */
  clear(): void;
}

export function captureLog(level: LevelWithSilent = 'debug'): CapturedLog {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const lines = () => text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as LogLine);
  return {
    log: createLogger(level, stream),
    text: () => text,
    lines,
    count: (msg) => lines().filter((line) => line.msg === msg).length,
    clear: () => {
      text = '';
    },
  };
}

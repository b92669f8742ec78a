/**
 * The one way tests wait for something to happen: a condition retried until it holds, never a fixed sleep. The
 * timeout is only an upper bound for a failure to be reported (generous, because a loaded machine is slow); a
 * condition that holds returns at once.
 */
import { vi } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';

export interface WaitOptions {
  /** How long to keep trying before failing with the condition's last error (default 15 s). */
  timeout?: number;
  /** Pause between tries (default 20 ms). */
  interval?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Retries `condition` (an assertion: it throws until what it checks holds, sync or async) until it passes, and
 * returns its value. With a running bot first, each try first lets the bot's ingest writer commit what it holds,
 * then reads with `read` and asserts with `check`.
 */
export function eventually<T>(condition: () => T | Promise<T>, options?: WaitOptions): Promise<T>;
export function eventually<T>(bot: RunningBot, read: () => T, check: (value: T) => void, timeout?: number): Promise<T>;
export function eventually<T>(
  first: RunningBot | (() => T | Promise<T>),
  second?: WaitOptions | (() => T),
  check?: (value: T) => void,
  timeout = DEFAULT_TIMEOUT_MS,
): Promise<T> {
  if (typeof first === 'function') {
    const options = (second ?? {}) as WaitOptions;
    return vi.waitFor(first, { timeout: options.timeout ?? DEFAULT_TIMEOUT_MS, interval: options.interval ?? 20 });
  }
  const read = second as () => T;
  return vi.waitFor(
    async () => {
      await first.writer.idle();
      const value = read();
      check?.(value);
      return value;
    },
    { timeout, interval: 20 },
  );
}

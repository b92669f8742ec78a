/**
 * Signal handling for a long-running process: SIGTERM/SIGINT stop it gracefully and exit 0; a second signal, or a
 * stop that outlasts its time limit, exits 1 at once with a log line (a supervisor's patience is finite, and so is a
 * person pressing Ctrl-C twice).
 */
import type { Logger } from './log.js';

export interface ShutdownOptions {
  stop: () => Promise<void>;
  log: Logger;
  timeoutMs: number;
  /** Where signals come from and how the process ends (tests pass their own). */
  signals?: { on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown };
  exit?: (code: number) => void;
  now?: () => number;
}

/**
 * Ctrl-C under `npm run start:sharded` reaches a shard twice at once (from the terminal and from the manager): a
 * repeat this soon after the first signal is the same request, not an impatient second one.
 */
export const DUPLICATE_SIGNAL_MS = 500;

export function handleShutdownSignals(options: ShutdownOptions): void {
  const { log, timeoutMs } = options;
  const signals = options.signals ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const now = options.now ?? Date.now;
  let firstAt: number | null = null;
  let exited = false;
  const finish = (code: number) => {
    if (exited) return;
    exited = true;
    exit(code);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstAt !== null) {
      if (now() - firstAt < DUPLICATE_SIGNAL_MS) return;
      log.warn({ signal }, 'second signal during shutdown: exiting now');
      finish(1);
      return;
    }
    firstAt = now();
    log.info({ signal, timeoutMs }, 'shutting down');
    setTimeout(() => {
      log.error({ timeoutMs }, 'shutdown did not finish in time: exiting now');
      finish(1);
    }, timeoutMs).unref();
    options
      .stop()
      .then(() => finish(0))
      .catch((error: unknown) => {
        log.error({ err: error }, 'unclean shutdown');
        finish(1);
      });
  };
  signals.on('SIGINT', onSignal);
  signals.on('SIGTERM', onSignal);
}

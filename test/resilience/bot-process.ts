/**
 * The bot as operators run it (`node --import tsx src/main.ts`, configured only through its environment) in a child
 * process against the fake Discord in the test process, so a test can SIGKILL it at any moment and start it again on
 * the same database.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { vi } from 'vitest';
import type { FakeDiscord } from '../../src/sim/index.js';

const ROOT = join(import.meta.dirname, '..', '..');

export interface BotProcessOptions {
  databasePath: string;
  /** Extra keys (documented in .env.example), e.g. DIGEST_TICK_CRON. */
  env?: Record<string, string>;
}

export class BotProcess {
  #output = '';
  readonly #child: ChildProcessByStdio<null, Readable, Readable>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(fake: FakeDiscord, options: BotProcessOptions) {
    this.#child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/main.ts')], {
      // From the repository, as `npm start` runs; every key that matters is set here, so a local .env changes nothing.
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        DATABASE_PATH: options.databasePath,
        MESSAGE_CONTENT_INTENT: 'true',
        LOG_LEVEL: 'info',
        BACKFILL_HORIZON_DAYS: '30',
        BACKFILL_REFRESH_HOURS: '24',
        TRAINING_CRON: 'off',
        TRAINING_BACKEND: 'cpu',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child.stdout.on('data', (chunk: Buffer) => (this.#output += chunk.toString()));
    this.#child.stderr.on('data', (chunk: Buffer) => (this.#output += chunk.toString()));
    this.exited = new Promise((resolve) => this.#child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  static start(fake: FakeDiscord, options: BotProcessOptions): BotProcess {
    return new BotProcess(fake, options);
  }

  /** Everything the process wrote (JSON log lines). */
  get output(): string {
    return this.#output;
  }

  /** How many log lines carry `msg`. */
  logCount(msg: string): number {
    return this.#output.split('\n').filter((line) => line.includes(`"msg":"${msg}"`)).length;
  }

  /** Waits until `msg` was logged `times` times; fails with the log if the process exits or time runs out. */
  async waitForLog(msg: string, { times = 1, timeout = 90_000 }: { times?: number; timeout?: number } = {}): Promise<void> {
    await vi.waitFor(
      () => {
        if (this.#child.exitCode !== null || this.#child.signalCode !== null) {
          throw new Error(`bot process exited before logging "${msg}":\n${this.#output}`);
        }
        if (this.logCount(msg) < times) throw new Error(`waiting for "${msg}" (${this.logCount(msg)}/${times})`);
      },
      { timeout, interval: 50 },
    );
  }

  /** kill -9: no shutdown handler runs, nothing in flight is committed. */
  async kill9(): Promise<void> {
    this.#child.kill('SIGKILL');
    const { signal } = await this.exited;
    if (signal !== 'SIGKILL') throw new Error(`bot process ended by ${String(signal)} before the kill:\n${this.#output}`);
  }

  /** SIGTERM, the graceful path; resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return this.#child.exitCode;
    this.#child.kill('SIGTERM');
    return (await this.exited).code;
  }
}

/** Fails if the bot wrote an error or fatal log line (an uncaught failure in the child). */
export function errorLines(output: string): string[] {
  return output.split('\n').filter((line) => /"level":(50|60)/.test(line));
}

/**
 * attune's entry points as operators run them, each in its own process: the bot (`npm start`), the shard manager
 * (`npm run start:sharded`), the CLI (`attune …`) and the benchmark runner, configured only through their
 * environment. A test holds the process (reads what it logs, waits for a log line, signals it) or runs a command to
 * its end. Every process is one Node process (`node --import tsx <entry>`), so a signal reaches attune itself.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { FakeDiscord } from '../../src/sim/index.js';
import { eventually } from './eventually.js';

export const ROOT = join(import.meta.dirname, '..', '..');
// By path, so a process started in a scratch folder (away from the repository's .env) still finds tsx.
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

const ENTRY_POINTS = {
  bot: 'src/main.ts',
  'shard-manager': 'src/app/shard-manager.ts',
  cli: 'src/cli.ts',
  bench: 'bench/run.ts',
} as const;
export type EntryPoint = keyof typeof ENTRY_POINTS;

export interface ProcessOptions {
  args?: readonly string[];
  /** The environment besides PATH: nothing else of the test's own leaks in. */
  env?: Record<string, string>;
  /** Default: the repository, as npm scripts run. */
  cwd?: string;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** What the bot reads from its environment to run against the fake Discord (every key that matters, so a .env changes nothing). */
export function botEnvironment(fake: FakeDiscord, databasePath: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiUrl,
    DATABASE_PATH: databasePath,
    MESSAGE_CONTENT_INTENT: 'true',
    LOG_LEVEL: 'info',
    BACKFILL_HORIZON_DAYS: '30',
    BACKFILL_REFRESH_HOURS: '24',
    TRAINING_CRON: 'off',
    TRAINING_BACKEND: 'cpu',
    ...extra,
  };
}

export class AttuneProcess {
  #stdout = '';
  #stderr = '';
  #output = '';
  readonly #child: ChildProcessByStdio<null, Readable, Readable>;
  readonly exited: Promise<Exit>;

  private constructor(entry: EntryPoint, options: ProcessOptions) {
    this.#child = spawn(process.execPath, ['--import', TSX, join(ROOT, ENTRY_POINTS[entry]), ...(options.args ?? [])], {
      cwd: options.cwd ?? ROOT,
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child.stdout.on('data', (chunk: Buffer) => {
      this.#stdout += chunk.toString();
      this.#output += chunk.toString();
    });
    this.#child.stderr.on('data', (chunk: Buffer) => {
      this.#stderr += chunk.toString();
      this.#output += chunk.toString();
    });
    // Resolves once the streams are drained too, so `output` is complete when a test reads it after the exit.
    this.exited = new Promise((resolve) => this.#child.on('close', (code, signal) => resolve({ code, signal })));
  }

  static start(entry: EntryPoint, options: ProcessOptions = {}): AttuneProcess {
    return new AttuneProcess(entry, options);
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  get stdout(): string {
    return this.#stdout;
  }

  get stderr(): string {
    return this.#stderr;
  }

  /** stdout and stderr as they came (for the bot: JSON log lines). */
  get output(): string {
    return this.#output;
  }

  /** How many log lines carry `msg`. */
  logCount(msg: string): number {
    return this.#output.split('\n').filter((line) => line.includes(`"msg":"${msg}"`)).length;
  }

  /** The log lines at error level or above: what an uncaught failure in the process leaves. */
  errorLines(): string[] {
    return this.#output.split('\n').filter((line) => /"level":(50|60)/.test(line));
  }

  /** Waits until `msg` was logged `times` times; fails with the output if the process ends first or time runs out. */
  async waitForLog(msg: string, { times = 1, timeout = 90_000 }: { times?: number; timeout?: number } = {}): Promise<void> {
    await eventually(
      () => {
        if (this.logCount(msg) >= times) return;
        if (!this.running) throw new Error(`process ended before logging "${msg}":\n${this.#output}`);
        throw new Error(`waiting for "${msg}" (${this.logCount(msg)}/${times})`);
      },
      { timeout, interval: 50 },
    );
  }

  /** kill -9: no shutdown handler runs, nothing in flight is committed. */
  async kill9(): Promise<void> {
    this.#child.kill('SIGKILL');
    const { signal } = await this.exited;
    if (signal !== 'SIGKILL') throw new Error(`process ended by ${String(signal)} before the kill:\n${this.#output}`);
  }

  /** SIGTERM, the graceful path; resolves with the exit code (that of the earlier end, if it already ended). */
  async stop(): Promise<number | null> {
    if (this.running) this.#child.kill('SIGTERM');
    return (await this.exited).code;
  }

  /** For teardown: makes sure nothing is left running, whatever the test did. */
  async end(): Promise<void> {
    if (this.running) this.#child.kill('SIGKILL');
    await this.exited;
  }
}

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end (no timeout of its own: the test's is the only limit). */
export async function runCommand(entry: EntryPoint, options: ProcessOptions = {}): Promise<CommandResult> {
  const process = AttuneProcess.start(entry, options);
  const { code } = await process.exited;
  return { status: code, stdout: process.stdout, stderr: process.stderr };
}

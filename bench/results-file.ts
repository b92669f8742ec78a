/**
 * The recorded results: one JSON line per benchmark run, appended to `<dir>/<benchmark>.jsonl`. Append-only, so
 * a long run recorded weeks ago (train-gowalla full takes ~40 minutes) stays next to today's quick ones, and the
 * summary picks the latest per figure.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { arch, availableParallelism, cpus, loadavg, platform, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchRunSchema, type BenchOutcome, type BenchRun, type Machine } from './figures.js';

/** Committed with the project (see README, Benchmarks): the figures of record, with the machine that made them. */
export const DEFAULT_RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

export function currentMachine(): Machine {
  return {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${platform()} ${arch()}`,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    load1: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

/** The run as recorded: the benchmark's outcome, when it finished and on what machine. */
export function toRun(benchmark: string, outcome: BenchOutcome, at: Date = new Date(), machine: Machine = currentMachine()): BenchRun {
  return benchRunSchema.parse({ benchmark, at: at.toISOString(), machine, ...outcome });
}

const SAFE_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** Appends one line; the file and the folder are created on first use. Returns the file written. */
export function appendRun(dir: string, run: BenchRun): string {
  if (!SAFE_NAME.test(run.benchmark)) throw new Error(`benchmark name "${run.benchmark}" cannot name a results file`);
  const line = `${JSON.stringify(benchRunSchema.parse(run))}\n`;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${run.benchmark}.jsonl`);
  // One write call per line: a line is never interleaved with another process's, and a crash loses at most it.
  appendFileSync(file, line);
  return file;
}

export interface ReadResults {
  runs: BenchRun[];
  /** Lines that are not a valid run ("file:line: why"): reported, never fatal, so one bad line hides nothing else. */
  problems: string[];
}

export function readRuns(dir: string): ReadResults {
  const runs: BenchRun[] = [];
  const problems: string[] = [];
  if (!existsSync(dir)) return { runs, problems };
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    const lines = readFileSync(join(dir, name), 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        problems.push(`${name}:${index + 1}: not JSON`);
        return;
      }
      const parsed = benchRunSchema.safeParse(json);
      if (parsed.success) runs.push(parsed.data);
      else problems.push(`${name}:${index + 1}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    });
  }
  return { runs, problems };
}

/**
 * `npm run bench` with no benchmark name: every benchmark at its suite size, one after the other, each in its own
 * process (peak RSS, the tfjs backend and the JIT are per process, so one benchmark's figures never include
 * another's), skipping the ones whose data set is not there. Each run records its own results; the caller prints
 * the summary afterwards.
 */
import { spawn } from 'node:child_process';
import { findData, type BenchmarkDefinition } from './benchmarks.js';

export interface SuiteOptions {
  dataRoot: string;
  /** Also run the long benchmarks (train-gowalla full, train-lastfm). */
  includeLong: boolean;
  /** Runs one benchmark with these arguments to completion; resolves to its exit code. */
  runOne: (name: string, args: readonly string[]) => Promise<number>;
  log: (line: string) => void;
}

export interface SuiteReport {
  ran: string[];
  skipped: { name: string; reason: string }[];
  failed: { name: string; exitCode: number }[];
}

type SuiteEntry = Pick<BenchmarkDefinition, 'name' | 'data' | 'datasets' | 'suite'>;

export async function runSuite(benchmarks: readonly SuiteEntry[], options: SuiteOptions): Promise<SuiteReport> {
  const report: SuiteReport = { ran: [], skipped: [], failed: [] };
  const skip = (name: string, reason: string) => {
    report.skipped.push({ name, reason });
    options.log(`${name}: skipped: ${reason}`);
  };
  for (const benchmark of benchmarks) {
    const { name, suite } = benchmark;
    if (suite.long && !options.includeLong) {
      skip(name, `long (~${suite.minutes} min): run it with \`npm run bench -- ${name}\` or add --long`);
      continue;
    }
    const args = [...suite.args];
    if (benchmark.data) {
      const data = findData(options.dataRoot, benchmark.data);
      if (data.missing !== null) {
        skip(name, data.missing);
        continue;
      }
      args.push('--data', data.path);
    }
    for (const need of benchmark.datasets ?? []) {
      const data = findData(options.dataRoot, need);
      if (data.missing === null) args.push('--data', data.path);
      else options.log(`${name}: without ${need.folder}: ${data.missing}`);
    }
    options.log(`\n== ${[name, ...args].join(' ')} (about ${suite.minutes} min)`);
    const exitCode = await options.runOne(name, args);
    if (exitCode === 0) report.ran.push(name);
    else {
      report.failed.push({ name, exitCode });
      options.log(`${name}: failed (exit code ${exitCode}); the suite goes on`);
    }
  }
  return report;
}

/** What the suite costs at suite sizes, for the line printed before it starts. */
export function suiteMinutes(benchmarks: readonly SuiteEntry[], includeLong: boolean): number {
  return benchmarks.filter((b) => includeLong || !b.suite.long).reduce((sum, b) => sum + b.suite.minutes, 0);
}

/**
 * Runs `script <name> <args> --results <dir>` with this process's Node and flags (tsx, semi-space size), output
 * shown as it comes; resolves to the exit code (1 when it could not start or was killed).
 */
export function childRunner(script: string, resultsDir: string): SuiteOptions['runOne'] {
  return (name, args) => {
    const child = spawn(process.execPath, [...process.execArgv, script, name, ...args, '--results', resultsDir], { stdio: 'inherit' });
    return new Promise((done) => {
      child.on('error', () => done(1));
      child.on('exit', (code) => done(code ?? 1));
    });
  };
}

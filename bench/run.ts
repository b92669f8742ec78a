/**
 * `npm run bench`: every benchmark at its suite size (skipping those without data), then the summary table.
 * `npm run bench -- summary`: the table from the recorded results only.
 * `npm run bench -- <name> [options]`: one benchmark; prints its figures and records them.
 * Every run appends its figures to `<results>/<name>.jsonl` (default bench/results/, see README).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BENCH_OPTION_NAMES, BENCHMARKS, findBenchmark, findData, type BenchValues } from './benchmarks.js';
import { appendRun, DEFAULT_RESULTS_DIR, readRuns, toRun } from './results-file.js';
import { childRunner, runSuite, suiteMinutes } from './suite.js';
import { formatSummary, summarize, summaryCounts } from './summary.js';

const DEFAULT_DATA_ROOT = '../shared/data';

const benchOptions = Object.fromEntries(BENCH_OPTION_NAMES.map((name) => [name, { type: 'string' }])) as Record<
  (typeof BENCH_OPTION_NAMES)[number],
  { type: 'string' }
>;
const { positionals, values } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: {
    ...benchOptions,
    data: { type: 'string', multiple: true },
    'data-root': { type: 'string' },
    results: { type: 'string' },
    long: { type: 'boolean' },
  },
});
const resultsDir = resolve(values.results ?? DEFAULT_RESULTS_DIR);
const dataRoot = resolve(values['data-root'] ?? DEFAULT_DATA_ROOT);
const dataDirs = (values.data ?? []).map((dir) => resolve(dir));
const benchValues: BenchValues = {
  ...Object.fromEntries(BENCH_OPTION_NAMES.flatMap((name) => (name === 'data' || values[name] === undefined ? [] : [[name, values[name]]]))),
  ...(dataDirs.length > 0 ? { data: dataDirs[dataDirs.length - 1], dataDirs } : {}),
};

function printSummary(): void {
  const { runs, problems } = readRuns(resultsDir);
  const rows = summarize(runs, BENCHMARKS.map((b) => b.name));
  console.log(`\nbenchmark summary: latest figure per benchmark and preset, from ${resultsDir}\n`);
  console.log(formatSummary(rows));
  const counts = summaryCounts(rows);
  console.log(`\ngoals: ${counts.met} met, ${counts.missed} missed; ${counts.notRun} benchmark(s) not run`);
  for (const problem of problems) console.log(`ignored an unreadable results line: ${problem}`);
}

const [name] = positionals;

if (name === undefined) {
  const includeLong = values.long === true;
  console.log(
    `npm run bench: every benchmark at its suite size (up to ~${suiteMinutes(BENCHMARKS, includeLong)} min on 2 cores), ` +
      `data from ${dataRoot}, results into ${resultsDir}`,
  );
  const report = await runSuite(BENCHMARKS, { dataRoot, includeLong, runOne: childRunner(fileURLToPath(import.meta.url), resultsDir), log: (line) => console.log(line) });
  printSummary();
  if (report.failed.length > 0) {
    console.log(`failed: ${report.failed.map((f) => f.name).join(', ')}`);
    process.exitCode = 1;
  }
} else if (name === 'summary') {
  printSummary();
} else {
  const benchmark = findBenchmark(name);
  if (!benchmark) {
    console.error(`unknown benchmark "${name}"; available: summary, ${BENCHMARKS.map((b) => b.name).join(', ')}`);
    process.exitCode = 2;
  } else {
    // A data set under the data root stands in for a missing --data, when it is there.
    if (benchmark.data && benchValues.data === undefined) {
      const found = findData(dataRoot, benchmark.data);
      if (found.missing === null) benchValues.data = found.path;
    }
    if (benchmark.datasets && benchValues.dataDirs === undefined) {
      benchValues.dataDirs = benchmark.datasets.map((need) => findData(dataRoot, need)).flatMap((found) => (found.missing === null ? [found.path] : []));
    }
    const outcomes = [await benchmark.run(benchValues)].flat();
    for (const outcome of outcomes) {
      const file = appendRun(resultsDir, toRun(benchmark.name, outcome));
      console.log(`\nrecorded ${outcome.figures.length} figures of ${outcome.dataset} in ${file}`);
    }
  }
}

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BENCHMARKS } from '../../bench/benchmarks.js';
import { runSuite, type SuiteOptions } from '../../bench/suite.js';

/** The real benchmark list, with a runner that records calls instead of running anything. */
function harness(dataRoot: string, exitCodes: Record<string, number> = {}, includeLong = false) {
  const calls: { name: string; args: readonly string[] }[] = [];
  const lines: string[] = [];
  const options: SuiteOptions = {
    dataRoot,
    includeLong,
    runOne: async (name, args) => {
      calls.push({ name, args });
      return exitCodes[name] ?? 0;
    },
    log: (line) => lines.push(line),
  };
  return { calls, lines, run: () => runSuite(BENCHMARKS, options) };
}

describe('npm run bench (the suite)', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'attune-bench-data-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('GIVEN a data root without any data set THEN each data benchmark is skipped with "no data at <path>" and the others run', async () => {
    const { calls, lines, run } = harness(root);
    const report = await run();
    expect(calls.map((c) => c.name)).toEqual(['ingest', 'import', 'snapshot', 'economy', 'stats', 'privacy-export', 'recommend', 'train-lag', 'quality']);
    expect(lines).toContain(`train-sebeer: skipped: no data at ${join(root, 'se-beer')}`);
    expect(report.skipped.map((s) => s.name)).toEqual(['train-sebeer', 'train-gowalla', 'train-lastfm']);
    expect(report.ran).toEqual(['ingest', 'import', 'snapshot', 'economy', 'stats', 'privacy-export', 'recommend', 'train-lag', 'quality']);
    // quality runs on the generated servers alone, saying which real sets it goes without.
    expect(calls.find((c) => c.name === 'quality')?.args).toEqual([]);
    expect(lines).toContain(`quality: without discord-forum-threads: no data at ${join(root, 'discord-forum-threads')}`);
  });

  it('GIVEN a data set folder missing a file THEN the line names the file, and a complete one runs with --data <its folder>', async () => {
    mkdirSync(join(root, 'se-beer'));
    for (const file of ['Posts.xml', 'Users.xml', 'Comments.xml']) writeFileSync(join(root, 'se-beer', file), '<x/>');
    const partial = harness(root);
    await partial.run();
    expect(partial.lines).toContain(`train-sebeer: skipped: no data at ${join(root, 'se-beer')} (missing Votes.xml)`);
    expect(partial.calls.map((c) => c.name)).not.toContain('train-sebeer');

    writeFileSync(join(root, 'se-beer', 'Votes.xml'), '<x/>');
    mkdirSync(join(root, 'dce-csv-sample'));
    const complete = harness(root);
    await complete.run();
    expect(complete.calls.find((c) => c.name === 'train-sebeer')?.args).toEqual(['--cuts', '8', '--data', join(root, 'se-beer')]);
    // Each real set that is there is one more --data for the quality benchmark.
    expect(complete.calls.find((c) => c.name === 'quality')?.args).toEqual([
      '--data', join(root, 'se-beer'), '--data', join(root, 'dce-csv-sample'),
    ]);
  });

  it('GIVEN the long benchmarks THEN they are skipped unless asked for, and then run with their data', async () => {
    mkdirSync(join(root, 'gowalla'));
    for (const file of ['train.txt', 'test.txt']) writeFileSync(join(root, 'gowalla', file), '0 1\n');
    const quick = harness(root);
    await quick.run();
    expect(quick.calls.map((c) => c.name)).not.toContain('train-gowalla');
    expect(quick.lines.find((l) => l.startsWith('train-gowalla: skipped: long'))).toMatch(/npm run bench -- train-gowalla/);

    const long = harness(root, {}, true);
    await long.run();
    expect(long.calls.find((c) => c.name === 'train-gowalla')?.args).toEqual(['--preset', 'full', '--data', join(root, 'gowalla')]);
    expect(long.lines).toContain(`train-lastfm: skipped: no data at ${join(root, 'lastfm')}`);
  });

  it('GIVEN a benchmark that fails THEN it is reported with its exit code and the suite goes on', async () => {
    const { calls, lines, run } = harness(root, { snapshot: 1 });
    const report = await run();
    expect(report.failed).toEqual([{ name: 'snapshot', exitCode: 1 }]);
    expect(lines).toContain('snapshot: failed (exit code 1); the suite goes on');
    expect(calls.map((c) => c.name)).toContain('recommend');
  });
});

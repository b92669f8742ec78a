import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { benchRunSchema, figure, type BenchOutcome } from '../../bench/figures.js';
import { appendRun, readRuns, toRun } from '../../bench/results-file.js';

const machine = { cores: 2, cpu: 'AMD EPYC', node: 'v20.20.2', platform: 'linux x64', memoryGiB: 23.5, load1: 1.25 };

const outcome = (p99: number): BenchOutcome => ({
  dataset: 'synthetic',
  preset: '10,000 members × 100,000 posts',
  backend: null,
  figures: [figure('recommend p99', p99, 'ms', { op: '<=', value: 50 }), figure('peak RSS', 543, 'MiB')],
});

describe('results file', () => {
  let dir: string;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'attune-bench-results-')), 'results');
  });
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('GIVEN two runs THEN each appends one valid JSON line to <benchmark>.jsonl, creating the folder, and they read back as written', () => {
    const first = toRun('recommend', outcome(7.44), new Date('2026-11-29T01:00:00Z'), machine);
    const second = toRun('recommend', outcome(61), new Date('2026-11-29T02:00:00Z'), machine);
    const file = appendRun(dir, first);
    expect(appendRun(dir, second)).toBe(file);
    expect(file).toBe(join(dir, 'recommend.jsonl'));

    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    const parsed = lines.slice(0, 2).map((line) => benchRunSchema.parse(JSON.parse(line)));
    expect(parsed).toEqual([first, second]);
    expect(parsed[0]).toMatchObject({
      benchmark: 'recommend',
      at: '2026-11-29T01:00:00.000Z',
      backend: null,
      machine,
      figures: [
        { name: 'recommend p99', value: 7.44, unit: 'ms', goal: { op: '<=', value: 50 }, met: true },
        { name: 'peak RSS', value: 543, unit: 'MiB', goal: null, met: null },
      ],
    });
    expect(parsed[1]?.figures[0]?.met).toBe(false);
    expect(readRuns(dir)).toEqual({ runs: [first, second], problems: [] });
  });

  it('GIVEN a run that does not fit the schema THEN nothing is written', () => {
    const bad = { ...toRun('ingest', outcome(1), new Date(), machine), at: 'last Tuesday' };
    expect(() => appendRun(dir, bad)).toThrow();
    const unsafe = toRun('../escape', outcome(1), new Date(), machine);
    expect(() => appendRun(dir, unsafe)).toThrow(/cannot name a results file/);
    expect(existsSync(dir)).toBe(false);
  });

  it('GIVEN no results folder THEN there are no runs and no problems', () => {
    expect(readRuns(join(dir, 'absent'))).toEqual({ runs: [], problems: [] });
  });

  it('GIVEN the current machine THEN the recorded run carries its cores, Node version and a date', () => {
    const before = Date.now();
    const run = toRun('economy', outcome(3));
    const after = Date.now();
    expect(run.machine.cores).toBeGreaterThan(0);
    expect(run.machine.node).toBe(process.version);
    // Dated when it was made (ISO text keeps milliseconds).
    expect(Date.parse(run.at)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(run.at)).toBeLessThanOrEqual(after);
  });
});

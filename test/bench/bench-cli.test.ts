import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../helpers/attune-process.js';

const fixtures = join(import.meta.dirname, 'fixtures/results');
// What `npm run bench -- …` runs, without npm; neither command here runs a benchmark.
const bench = (...args: string[]) => runCommand('bench', { args });

describe('npm run bench (command line)', () => {
  it('GIVEN recorded results THEN `summary` prints the table, the goal counts and the unreadable lines, and runs nothing', async () => {
    const result = await bench('summary', '--results', fixtures);
    expect(result.status).toBe(0);
    const out = result.stdout;
    expect(out).toContain(`from ${fixtures}`);
    expect(out).toMatch(/^benchmark \/ figure +value +goal +met$/m);
    expect(out).toMatch(/^ingest — not run$/m);
    expect(out).toMatch(/^import — not run$/m);
    expect(out).toMatch(/^ {2}recommend p99 +7\.44 ms +≤ 50 ms +✓$/m);
    expect(out).toMatch(/^train-lastfm — not run$/m);
    expect(out).toContain('goals: 3 met, 3 missed; 9 benchmark(s) not run');
    expect(out).toMatch(/^quality — not run$/m);
    expect(out).toContain('ignored an unreadable results line: train-gowalla.jsonl:3: not JSON');
  });

  it('GIVEN an unknown benchmark name THEN it exits 2 listing the available ones', async () => {
    const result = await bench('no-such-benchmark');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/unknown benchmark "no-such-benchmark"; available: summary, ingest, import, snapshot, economy, stats, privacy-export, recommend, train-lag/);
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runDemo } from '../../src/sim/demo.js';

it('GIVEN `npm run demo` THEN it records the simulated guild completely, never the private channel, and says so', async () => {
  const lines: string[] = [];
  const code = await runDemo({ outDir: mkdtempSync(join(tmpdir(), 'attune-demo-')), print: (line) => lines.push(line) });
  const output = lines.join('\n');
  expect(code).toBe(0);
  const check = output.match(/posts recorded (\d+) of (\d+) readable in the fake; rows from the private #mod-room: (\d+); .*spec: (\d+)/);
  expect(check).not.toBeNull();
  const [, recorded, expected, privateRows, violations] = check as RegExpMatchArray;
  expect(Number(recorded)).toBeGreaterThan(150);
  expect(recorded).toBe(expected);
  expect(privateRows).toBe('0');
  expect(violations).toBe('0');
  expect(output).toMatch(/members who left +1/);
});

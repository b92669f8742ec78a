import { describe, expect, it } from 'vitest';
import { ProgressLine } from '../../src/app/cli/progress-line.js';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, columns: 40, write: (text: string) => written.push(text) } };
}

describe('ProgressLine', () => {
  it('GIVEN a terminal THEN the line is redrawn in place, at most every 100 ms unless forced, cut to the width, and cleared', () => {
    const { written, stream: tty } = stream(true);
    let now = 0;
    const line = new ProgressLine(tty, () => now);
    line.update('first');
    now = 50;
    line.update('too soon');
    line.update('forced', true);
    now = 200;
    line.update('x'.repeat(60));
    line.clear();
    line.clear();
    expect(written).toEqual(['\r\x1b[Kfirst', '\r\x1b[Kforced', `\r\x1b[K${'x'.repeat(38)}…`, '\r\x1b[K']);
  });

  it('GIVEN no terminal (a pipe, a log) THEN nothing is written', () => {
    const { written, stream: pipe } = stream(false);
    const line = new ProgressLine(pipe, () => 0);
    line.update('first', true);
    line.clear();
    expect(line.enabled).toBe(false);
    expect(written).toEqual([]);
  });
});

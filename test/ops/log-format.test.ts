/**
 * Log format: readable lines for a person at a terminal (LOG_FORMAT=pretty, or stdout/stderr a TTY), one JSON object
 * per line otherwise; redaction holds in both.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { logFormatFor } from '../../src/ops/log.js';
import { ROOT } from '../helpers/attune-process.js';

/** Runs a child that logs one line with a token in it through createProcessLogger; returns what reached fd 1 and 2. */
function logOnce(format: 'json' | 'pretty' | undefined, fd: 1 | 2): { stdout: string; stderr: string } {
  const script = [
    `import { createProcessLogger } from './src/ops/log.ts';`,
    `const log = createProcessLogger({ level: 'info', format: ${format === undefined ? 'undefined' : `'${format}'`}, fd: ${fd} });`,
    `log.info({ guildId: '42', token: 'sekrit-token-value' }, 'digest sent');`,
  ].join('\n');
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return { stdout: result.stdout, stderr: result.stderr };
}

describe('log format', () => {
  it('GIVEN LOG_FORMAT unset THEN a terminal gets pretty lines and a pipe or file gets JSON; a set LOG_FORMAT wins', () => {
    expect(logFormatFor(undefined, true)).toBe('pretty');
    expect(logFormatFor(undefined, false)).toBe('json');
    expect(logFormatFor('json', true)).toBe('json');
    expect(logFormatFor('pretty', false)).toBe('pretty');
  });

  it('GIVEN LOG_FORMAT=pretty on stderr THEN one readable line (level, message, fields), no JSON, the token redacted, stdout empty', () => {
    const { stdout, stderr } = logOnce('pretty', 2);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] INFO: digest sent$/);
    expect(stderr).toContain('guildId: "42"');
    expect(stderr).toContain('[redacted]');
    expect(stderr).not.toContain('sekrit-token-value');
    expect(() => JSON.parse(lines[0] as string)).toThrow();
  });

  it('GIVEN no LOG_FORMAT and stdout a pipe THEN one JSON object per line, token redacted', () => {
    const { stdout } = logOnce(undefined, 1);
    const line = JSON.parse(stdout.trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, msg: 'digest sent', guildId: '42', token: '[redacted]', app: 'attune' });
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { runCommand } from '../helpers/attune-process.js';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.GabcDE.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN';

describe('loadConfig', () => {
  it('GIVEN a valid environment THEN it applies defaults', () => {
    const config = loadConfig({ DISCORD_TOKEN: TOKEN });
    expect(config).toMatchObject({ DATABASE_PATH: './data/attune.db', BACKFILL_HORIZON_DAYS: 30, MESSAGE_CONTENT_INTENT: false });
  });

  it('GIVEN TRAINING_CRON unset, a cron expression or off THEN it is taken as given (nightly at 04:00 by default)', () => {
    expect(loadConfig({ DISCORD_TOKEN: TOKEN }).TRAINING_CRON).toBe('0 4 * * *');
    expect(loadConfig({ DISCORD_TOKEN: TOKEN, TRAINING_CRON: '30 3 * * 1' }).TRAINING_CRON).toBe('30 3 * * 1');
    expect(loadConfig({ DISCORD_TOKEN: TOKEN, TRAINING_CRON: 'off' }).TRAINING_CRON).toBe('off');
  });

  it('GIVEN the operations keys THEN metrics are off unless a port is set, on loopback, and shards default to auto', () => {
    const defaults = loadConfig({ DISCORD_TOKEN: TOKEN });
    expect(defaults.METRICS_PORT).toBeUndefined();
    expect(defaults).toMatchObject({ METRICS_HOST: '127.0.0.1', SHUTDOWN_TIMEOUT_SECONDS: 20, TOTAL_SHARDS: 'auto' });
    // An empty value in .env (as .env.example ships it) means off too.
    expect(loadConfig({ DISCORD_TOKEN: TOKEN, METRICS_PORT: '' }).METRICS_PORT).toBeUndefined();
    expect(loadConfig({ DISCORD_TOKEN: TOKEN, METRICS_PORT: '9464', TOTAL_SHARDS: '4' })).toMatchObject({ METRICS_PORT: 9464, TOTAL_SHARDS: 4 });
  });

  it('GIVEN no token THEN the error names the key and points at the demo', () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    expect(() => loadConfig({ DISCORD_TOKEN: '' })).toThrow(/DISCORD_TOKEN is missing.*npm run demo/);
  });

  it.each([
    ['DISCORD_TOKEN', 'abc', /DISCORD_TOKEN does not look like a bot token/],
    ['BACKFILL_HORIZON_DAYS', 'soon', /BACKFILL_HORIZON_DAYS/],
    ['BACKFILL_HORIZON_DAYS', '-3', /BACKFILL_HORIZON_DAYS/],
    ['MESSAGE_CONTENT_INTENT', 'maybe', /MESSAGE_CONTENT_INTENT/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL/],
    ['DISCORD_API_URL', 'ftp://x', /DISCORD_API_URL/],
    ['TRAINING_CRON', '0 25 * * *', /TRAINING_CRON is not a cron expression/],
    ['TRAINING_CRON', 'nightly', /TRAINING_CRON/],
    ['METRICS_PORT', '70000', /METRICS_PORT/],
    ['METRICS_PORT', 'yes', /METRICS_PORT/],
    ['TOTAL_SHARDS', '0', /TOTAL_SHARDS/],
    ['TOTAL_SHARDS', 'many', /TOTAL_SHARDS/],
    ['SHUTDOWN_TIMEOUT_SECONDS', '0', /SHUTDOWN_TIMEOUT_SECONDS/],
  ])('GIVEN %s=%s THEN the error names that key', (key, value, pattern) => {
    expect(() => loadConfig({ DISCORD_TOKEN: TOKEN, [key]: value })).toThrow(pattern);
  });
});

// Each test starts a Node process (importing the whole bot): generous on a loaded machine.
describe('npm start with a bad .env', { timeout: 60_000 }, () => {
  // A scratch working directory, so a developer's own .env is not read.
  const run = (env: Record<string, string>, cwd = mkdtempSync(join(tmpdir(), 'attune-cwd-'))) =>
    runCommand('bot', { cwd, env: { HOME: mkdtempSync(join(tmpdir(), 'attune-home-')), ...env } });

  it('GIVEN no token THEN it exits 2 with one clear line', async () => {
    const result = await run({});
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^attune: DISCORD_TOKEN is missing.*npm run demo/)]);
  });

  it('GIVEN a malformed value THEN it exits 2 naming the key', async () => {
    const result = await run({ DISCORD_TOKEN: TOKEN, BACKFILL_HORIZON_DAYS: 'lots' });
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toMatch(/^attune: BACKFILL_HORIZON_DAYS .*\.env\.example/);
  });

  it('GIVEN a .env file in the working directory THEN its values are read and checked', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'attune-cwd-'));
    writeFileSync(join(cwd, '.env'), `DISCORD_TOKEN=${TOKEN}\nBACKFILL_REFRESH_HOURS=forever\n`);
    const result = await run({}, cwd);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toMatch(/^attune: BACKFILL_REFRESH_HOURS /);
  });
});

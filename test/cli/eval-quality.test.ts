/** GIVEN a database with moderator decisions THEN `attune eval quality` prints the model's and the heuristic's AUC. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { runMigrations } from '../../src/db/migrate.js';
import { plantQualityCommunity } from '../fixtures/quality-planted.js';
import { runCommand } from '../helpers/attune-process.js';

describe('attune eval quality', () => {
  it('GIVEN the planted community THEN it prints both AUCs for the guild and exits 0; GIVEN no such target THEN it exits 2', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'attune-eval-'));
    const handle = openDatabase(join(cwd, 'attune.db'));
    runMigrations(handle.db);
    const { guildId } = plantQualityCommunity(handle.sqlite);
    handle.close();
    const run = (args: string[]) => runCommand('cli', { args, cwd, env: { DATABASE_PATH: join(cwd, 'attune.db'), TRAINING_BACKEND: 'wasm' } });
    const result = await run(['eval', 'quality', '--guild', guildId]);
    expect(result.status, result.stderr).toBe(0);
    const match = /quality model AUC (\d\.\d+) vs engagement heuristic (\d\.\d+) on (\d+) held-out decisions/.exec(result.stdout);
    expect(match, result.stdout).not.toBeNull();
    expect(Number(match![1])).toBeGreaterThan(Number(match![2]));
    expect((await run(['eval', 'recommendations'])).status).toBe(2);
  }, 150_000);
});

/** GIVEN a database with moderator decisions THEN `attune eval quality` prints the model's and the heuristic's AUC. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { runMigrations } from '../../src/db/migrate.js';
import { plantQualityCommunity } from '../fixtures/quality-planted.js';

const root = join(import.meta.dirname, '../..');

describe('attune eval quality', () => {
  it('GIVEN the planted community THEN it prints both AUCs for the guild and exits 0; GIVEN no such target THEN it exits 2', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'attune-eval-'));
    const handle = openDatabase(join(cwd, 'attune.db'));
    runMigrations(handle.db);
    const { guildId } = plantQualityCommunity(handle.sqlite);
    handle.close();
    const run = (args: string[]) =>
      spawnSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'src/cli.ts'), ...args], {
        cwd,
        env: { PATH: process.env.PATH ?? '', DATABASE_PATH: join(cwd, 'attune.db'), TRAINING_BACKEND: 'wasm' },
        encoding: 'utf8',
        timeout: 120_000,
      });
    const result = run(['eval', 'quality', '--guild', guildId]);
    expect(result.status, result.stderr).toBe(0);
    const match = /quality model AUC (\d\.\d+) vs engagement heuristic (\d\.\d+) on (\d+) held-out decisions/.exec(result.stdout);
    expect(match, result.stdout).not.toBeNull();
    expect(Number(match![1])).toBeGreaterThan(Number(match![2]));
    expect(run(['eval', 'recommendations']).status).toBe(2);
  }, 150_000);
});

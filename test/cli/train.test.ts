import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runTrain } from '../../src/app/cli/train-command.js';
import { openDatabase } from '../../src/db/connection.js';
import { runMigrations } from '../../src/db/migrate.js';
import { baselineMethods } from '../../src/model/methods.js';
import { importCommunity } from '../helpers/community-db.js';

const root = join(import.meta.dirname, '../..');
const DAY = 86_400_000;
// The real methods as they ship (the signal ranker and every baseline), loaded by the training worker.
const QUICK_METHODS = new URL('../fixtures/training/quick-methods.ts', import.meta.url);

function attune(args: string[], cwd: string) {
  return spawnSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'src/cli.ts'), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', DATABASE_PATH: join(cwd, 'attune.db'), TRAINING_BACKEND: 'cpu', LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

function fixtureDatabase(): { cwd: string; guildId: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'attune-cli-train-'));
  const handle = openDatabase(join(cwd, 'attune.db'));
  runMigrations(handle.db);
  const { guildId } = importCommunity(handle, cwd, { start: Date.now() - 10 * DAY });
  handle.close();
  return { cwd, guildId };
}

describe('attune train', () => {
  it('GIVEN a small community THEN it prints the holdout table and what serves, and records the run', async () => {
    const { cwd, guildId } = fixtureDatabase();
    const printed: string[] = [];
    const status = await runTrain({
      databasePath: join(cwd, 'attune.db'),
      backend: 'wasm',
      logLevel: 'silent',
      guildId,
      methodsModule: QUICK_METHODS,
      print: (line) => printed.push(line),
    });
    expect(status).toBe(0);
    const out = printed.join('\n');
    expect(out).toMatch(new RegExp(`guild ${guildId}: run 1 succeeded in [\\d.]+ s \\(backend wasm\\)`));
    expect(out).toMatch(/method\s+recall@10\s+NDCG@10\s+coverage@10\s+member-cuts/);
    for (const name of ['signal-ranker', ...baselineMethods().map((m) => m.name)]) expect(out).toMatch(new RegExp(`^  ${name}( \\*)?\\s+0\\.\\d{4}\\s+0\\.\\d{4}`, 'm'));
    const serving = /serving: (\S+) \(signal-ranker (not )?promoted: /.exec(out)?.[1];
    expect(serving).toBeDefined();
    // The serving method is the one marked in the table.
    expect(out).toMatch(new RegExp(`^  ${serving} \\*`, 'm'));

    const db = new Database(join(cwd, 'attune.db'), { readonly: true });
    const rows = db.prepare(`SELECT guild_id, status, trigger, serving_method, backend, params_bytes FROM model_runs`).all();
    db.close();
    expect(rows).toEqual([
      { guild_id: guildId, status: 'succeeded', trigger: 'cli', serving_method: serving, backend: 'wasm', params_bytes: expect.any(Number) },
    ]);
  }, 120_000);

  // The command line itself, in its own process: the wiring from `attune train` to the command and its errors.
  it('GIVEN an unknown guild THEN it exits 2 naming it and writes nothing', () => {
    const { cwd } = fixtureDatabase();
    const result = attune(['train', '--guild', '123'], cwd);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/no guild 123 .*known: 900000000000000001/);
    const db = new Database(join(cwd, 'attune.db'), { readonly: true });
    expect(db.prepare(`SELECT COUNT(*) AS n FROM model_runs`).get()).toEqual({ n: 0 });
    db.close();
  }, 60_000);

  it('GIVEN a database with no guilds THEN it says there is nothing to train and exits 0', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'attune-cli-train-'));
    const result = attune(['train'], cwd);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/nothing to train: .* has no guilds/);
  }, 60_000);
});

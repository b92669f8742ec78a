import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTrain } from '../../src/app/cli/train-command.js';
import { openDatabase } from '../../src/db/connection.js';
import { runMigrations } from '../../src/db/migrate.js';
import { baselineMethods } from '../../src/model/methods.js';
import { importCommunity } from '../helpers/community-db.js';
import { runCommand } from '../helpers/attune-process.js';
import { rows } from '../helpers/rows.js';

const DAY = 86_400_000;
// The real methods, with attune on a small training budget (its default budget takes minutes per cut).
const QUICK_METHODS = new URL('../fixtures/training/quick-methods.ts', import.meta.url);

const attune = (args: string[], cwd: string) =>
  runCommand('cli', { args, cwd, env: { DATABASE_PATH: join(cwd, 'attune.db'), TRAINING_BACKEND: 'cpu', LOG_LEVEL: 'warn' } });

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
    for (const name of ['attune', ...baselineMethods().map((m) => m.name)]) expect(out).toMatch(new RegExp(`^  ${name}( \\*)?\\s+0\\.\\d{4}\\s+0\\.\\d{4}`, 'm'));
    const serving = /serving: (\S+) \(attune (not )?promoted: /.exec(out)?.[1];
    expect(serving).toBeDefined();
    // The serving method is the one marked in the table.
    expect(out).toMatch(new RegExp(`^  ${serving} \\*`, 'm'));

    expect(rows(join(cwd, 'attune.db'), `SELECT guild_id, status, trigger, serving_method, backend, params_bytes FROM model_runs`)).toEqual([
      { guild_id: guildId, status: 'succeeded', trigger: 'cli', serving_method: serving, backend: 'wasm', params_bytes: expect.any(Number) },
    ]);
  }, 120_000);

  // The command line itself, in its own process: the wiring from `attune train` to the command and its errors.
  it('GIVEN an unknown guild THEN it exits 2 naming it and writes nothing', async () => {
    const { cwd } = fixtureDatabase();
    const result = await attune(['train', '--guild', '123'], cwd);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/no guild 123 .*known: 900000000000000001/);
    expect(rows(join(cwd, 'attune.db'), `SELECT COUNT(*) AS n FROM model_runs`)).toEqual([{ n: 0 }]);
  }, 60_000);

  it('GIVEN a database with no guilds THEN it says there is nothing to train and exits 0', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'attune-cli-train-'));
    const result = await attune(['train'], cwd);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/nothing to train: .* has no guilds/);
  }, 60_000);
});

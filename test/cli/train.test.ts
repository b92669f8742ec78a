import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTrainAt, runTrain } from '../../src/app/cli/train-command.js';
import { openDatabase } from '../../src/db/connection.js';
import { runMigrations } from '../../src/db/migrate.js';
import { baselineMethods } from '../../src/model/methods.js';
import { importCommunity } from '../helpers/community-db.js';
import { GUILD, GuildFixture, HOUR } from '../helpers/guild-fixture.js';
import { runCommand } from '../helpers/attune-process.js';
import { rows } from '../helpers/rows.js';

const DAY = 86_400_000;
// The real methods as they ship (the signal ranker and every baseline), loaded by the training worker.
const QUICK_METHODS = new URL('../fixtures/training/quick-methods.ts', import.meta.url);
// Baselines only: runs in seconds, for what concerns the holdout's cuts.
const BASELINE_METHODS = new URL('../fixtures/training/baseline-methods.ts', import.meta.url);
/** An imported history that ended long before any run of this test. */
const OLD_START = Date.parse('2024-01-01T00:00:00Z');

const attune = (args: string[], cwd: string) =>
  runCommand('cli', { args, cwd, env: { DATABASE_PATH: join(cwd, 'attune.db'), TRAINING_BACKEND: 'cpu', LOG_LEVEL: 'warn' } });

function fixtureDatabase(start = Date.now() - 10 * DAY): { cwd: string; guildId: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'attune-cli-train-'));
  const handle = openDatabase(join(cwd, 'attune.db'));
  runMigrations(handle.db);
  const { guildId } = importCommunity(handle, cwd, { start });
  handle.close();
  return { cwd, guildId };
}

async function trainBaselines(cwd: string, at?: number): Promise<string> {
  const printed: string[] = [];
  const status = await runTrain({
    databasePath: join(cwd, 'attune.db'),
    backend: 'wasm',
    logLevel: 'silent',
    at,
    methodsModule: BASELINE_METHODS,
    print: (line) => printed.push(line),
  });
  expect(status, printed.join('\n')).toBe(0);
  return printed.join('\n');
}

/** The holdout's cut times as printed. */
const holdoutCuts = (out: string) => (/holdout: \d+ cuts \(([^)]*)\)/.exec(out)?.[1] ?? '').split(', ').filter((t) => t !== 'none').map(Date.parse);

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

    expect(rows(join(cwd, 'attune.db'), `SELECT guild_id, status, trigger, serving_method, backend, params_bytes FROM model_runs`)).toEqual([
      { guild_id: guildId, status: 'succeeded', trigger: 'cli', serving_method: serving, backend: 'wasm', params_bytes: expect.any(Number) },
    ]);
  }, 120_000);

  it('GIVEN an import that ended two years ago THEN the holdout’s cuts lie within its history, not before the wall clock', async () => {
    const { cwd } = fixtureDatabase(OLD_START);
    const out = await trainBaselines(cwd);
    const cuts = holdoutCuts(out);
    expect(cuts).toHaveLength(3);
    // The history runs 10 days from OLD_START; each cut leaves a day of candidates before it and 48 h after it.
    for (const at of cuts) {
      expect(at).toBeGreaterThanOrEqual(OLD_START + DAY);
      expect(at + 2 * DAY).toBeLessThanOrEqual(OLD_START + 10 * DAY);
    }
    expect(out).not.toMatch(/no targets because/);
    expect(out).toMatch(/^ {2}popularity( \*)? +0\.\d{4} +0\.\d{4} +0\.\d{4} +[1-9]\d*/m);
  }, 120_000);

  it('GIVEN --at within an old import THEN the cuts lie before it, their horizons included', async () => {
    const { cwd } = fixtureDatabase(OLD_START);
    const at = OLD_START + 6 * DAY + 12 * HOUR;
    const cuts = holdoutCuts(await trainBaselines(cwd, at));
    expect(cuts.length).toBeGreaterThan(0);
    for (const cut of cuts) expect(cut + 2 * DAY).toBeLessThanOrEqual(at);
    const [run] = rows<{ hyper_params: string }>(join(cwd, 'attune.db'), `SELECT hyper_params FROM model_runs`);
    expect(JSON.parse(run?.hyper_params ?? '{}')).toMatchObject({ now: at });
  }, 120_000);

  it('GIVEN posts but no engagement at all THEN the holdout says in one line why nothing was evaluated', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'attune-cli-train-'));
    const handle = openDatabase(join(cwd, 'attune.db'));
    runMigrations(handle.db);
    const g = new GuildFixture(handle.sqlite, GUILD, OLD_START);
    for (let i = 0; i < 5; i++) g.member(`20000000000000000${i}`, OLD_START);
    for (let h = 0; h < 6 * 24; h += 2) g.post({ id: `9000000000000${String(h).padStart(5, '0')}`, author: `20000000000000000${h % 5}`, at: OLD_START + h * HOUR });
    handle.close();
    const out = await trainBaselines(cwd);
    expect(out).toMatch(/holdout: 0 cuts \(none\)/);
    expect(out).toMatch(/^ {2}no targets because no cut from \S+ to \S+ had 5 posts in its window and 5 engagements with them in its horizon \(24h window and a 48h horizon; at most 12 posts in a window, and 0 engagements where there were enough posts\)$/m);
  }, 120_000);

  it('GIVEN --at that is not a time THEN the command refuses it in one line', () => {
    expect(() => parseTrainAt('last tuesday')).toThrow(/^--at must be an ISO 8601 time/);
    expect(parseTrainAt('2024-01-07')).toBe(Date.parse('2024-01-07T00:00:00Z'));
    expect(parseTrainAt(undefined)).toBeUndefined();
  });

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

import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCommand } from '../helpers/attune-process.js';
import { rows } from '../helpers/rows.js';

/** Runs `attune …` as a user would, in a scratch directory with its own database. */
const attune = (args: string[], cwd: string) => runCommand('cli', { args, cwd, env: { DATABASE_PATH: join(cwd, 'attune.db') } });

// Each test runs the CLI several times, each a Node process start: generous on a loaded machine.
describe('attune CLI', { timeout: 120_000 }, () => {
  it('GIVEN migrate, import, re-import and backup THEN each does its job and says so', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'attune-cli-'));
    expect(await attune(['migrate'], cwd)).toMatchObject({ status: 0, stdout: expect.stringContaining('up to date') });
    const file = join(ROOT, 'test/fixtures/import/events.jsonl');
    const first = await attune(['import', file], cwd);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/new: +[1-9]\d* posts/);
    const again = await attune(['import', file], cwd);
    expect(again.stdout).toMatch(/new: +0 posts, 0 reactions/);
    const backup = await attune(['backup', join(cwd, 'copy.db')], cwd);
    expect(backup.status, backup.stderr).toBe(0);
    const count = 'SELECT COUNT(*) AS n FROM posts';
    expect(rows(join(cwd, 'copy.db'), count)).toEqual(rows(join(cwd, 'attune.db'), count));
  });

  it('GIVEN a malformed import THEN it exits 2 naming file and line, and writes nothing', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'attune-cli-'));
    const bad = join(cwd, 'bad.jsonl');
    writeFileSync(
      bad,
      '{"type":"channel","guild":"1","id":"21","name":"general","kind":"text","parent":null}\n{"type":"message","guild":"1"}\n',
    );
    const result = await attune(['import', bad], cwd);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/bad\.jsonl:2: /);
    expect(result.stderr).toContain('nothing was written');
    expect(rows(join(cwd, 'attune.db'), 'SELECT (SELECT COUNT(*) FROM guilds) + (SELECT COUNT(*) FROM channels) AS n')).toEqual([{ n: 0 }]);
  });

  it('GIVEN a folder of exports with one bad file THEN the others are imported, one summary names the bad file, exit 2', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'attune-cli-'));
    const dir = join(cwd, 'server export');
    mkdirSync(dir);
    mkdirSync(join(dir, 'lounge.html_Files'));
    const fixtures = join(ROOT, 'test/fixtures/import');
    copyFileSync(join(fixtures, 'thread-export.json'), join(dir, 'thread-export.json'));
    copyFileSync(join(fixtures, 'Fixture Guild - Text Channels - lounge [700000000000000031].html'), join(dir, 'Fixture Guild - Text Channels - lounge [700000000000000031].html'));
    copyFileSync(join(fixtures, 'events.jsonl'), join(dir, 'events.jsonl'));
    writeFileSync(join(dir, 'broken.json'), '{"guild": {"id": "600000000000000001", "name": "G"},\n "channel": ');
    writeFileSync(join(dir, 'notes.txt'), 'not an export');

    const result = await attune(['import', dir], cwd);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stdout).toMatch(/imported 3 of 4 files from .*server export \(1 dce-html, 1 dce-json, 1 jsonl\)/);
    expect(result.stdout).toMatch(/in files: \d+ posts/);
    expect(result.stdout).toMatch(/failed: 1 file\(s\), nothing written from them:\n.*\n.*broken\.json:2: invalid JSON/);
    // Not a terminal: no progress line.
    expect(result.stderr).not.toContain('\r');
    const guilds = rows<{ id: string }>(join(cwd, 'attune.db'), 'SELECT id FROM guilds ORDER BY id').map((g) => g.id);
    expect(guilds).toEqual(['600000000000000001', '600000000000000002', '600000000000000003', '600000000000000031']);
  });

  it('GIVEN an unknown command or a backup onto an existing file THEN a clear error, non-zero exit', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'attune-cli-'));
    const unknown = await attune(['frobnicate'], cwd);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"[\s\S]*usage: attune/);
    expect((await attune(['migrate'], cwd)).status).toBe(0);
    writeFileSync(join(cwd, 'taken.db'), '');
    const backup = await attune(['backup', join(cwd, 'taken.db')], cwd);
    expect(backup.status).toBe(1);
    expect(backup.stderr).toMatch(/already exists/);
    expect(existsSync(join(cwd, 'attune.db'))).toBe(true);
  });
});

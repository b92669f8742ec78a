import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

/** Runs `attune …` as a user would, in a scratch directory with its own database. */
function attune(args: string[], cwd: string) {
  return spawnSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'src/cli.ts'), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', DATABASE_PATH: join(cwd, 'attune.db') },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('attune CLI', () => {
  it('GIVEN migrate, import, re-import and backup THEN each does its job and says so', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'attune-cli-'));
    expect(attune(['migrate'], cwd)).toMatchObject({ status: 0, stdout: expect.stringContaining('up to date') });
    const file = join(root, 'test/fixtures/import/events.jsonl');
    const first = attune(['import', file], cwd);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/new: +[1-9]\d* posts/);
    const again = attune(['import', file], cwd);
    expect(again.stdout).toMatch(/new: +0 posts, 0 reactions/);
    const backup = attune(['backup', join(cwd, 'copy.db')], cwd);
    expect(backup.status, backup.stderr).toBe(0);
    const copy = new Database(join(cwd, 'copy.db'), { readonly: true });
    const original = new Database(join(cwd, 'attune.db'), { readonly: true });
    expect(copy.prepare('SELECT COUNT(*) AS n FROM posts').get()).toEqual(original.prepare('SELECT COUNT(*) AS n FROM posts').get());
    copy.close();
    original.close();
  });

  it('GIVEN a malformed import THEN it exits 2 naming file and line, and writes nothing', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'attune-cli-'));
    const bad = join(cwd, 'bad.jsonl');
    writeFileSync(
      bad,
      '{"type":"channel","guild":"1","id":"21","name":"general","kind":"text","parent":null}\n{"type":"message","guild":"1"}\n',
    );
    const result = attune(['import', bad], cwd);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/bad\.jsonl:2: /);
    expect(result.stderr).toContain('nothing was written');
    const db = new Database(join(cwd, 'attune.db'), { readonly: true });
    expect(db.prepare('SELECT (SELECT COUNT(*) FROM guilds) + (SELECT COUNT(*) FROM channels) AS n').get()).toEqual({ n: 0 });
    db.close();
  });

  it('GIVEN an unknown command or a backup onto an existing file THEN a clear error, non-zero exit', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'attune-cli-'));
    const unknown = attune(['frobnicate'], cwd);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"[\s\S]*usage: attune/);
    expect(attune(['migrate'], cwd).status).toBe(0);
    writeFileSync(join(cwd, 'taken.db'), '');
    const backup = attune(['backup', join(cwd, 'taken.db')], cwd);
    expect(backup.status).toBe(1);
    expect(backup.stderr).toMatch(/already exists/);
    expect(existsSync(join(cwd, 'attune.db'))).toBe(true);
  });
});

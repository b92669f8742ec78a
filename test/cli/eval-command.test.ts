import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultRankingMethod, parseEvalOptions, runEval } from '../../src/app/cli/eval-command.js';
import { allMethods, baselineMethods } from '../../src/model/methods.js';
import { contrarianMethod, oracleMethod } from '../fixtures/training/oracle-methods.js';
import { importCommunity } from '../helpers/community-db.js';
import { DAY, GUILD, GuildFixture, HOUR } from '../helpers/guild-fixture.js';
import { runCommand } from '../helpers/attune-process.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';

const T = Date.parse('2026-10-10T00:00:00Z');
const member = (i: number) => `2000000000000000${String(i).padStart(2, '0')}`;

const attune = (args: string[], db: TempDb) => runCommand('cli', { args, cwd: db.dir, env: { DATABASE_PATH: db.path } });

describe('attune eval options', () => {
  it('GIVEN only baselines THEN --out defaults to BPR-MF; GIVEN a learned method THEN to it', () => {
    expect(defaultRankingMethod(allMethods().filter((m) => m.name.length > 0 && ['popularity', 'recency', 'reddit-hot', 'discourse-top', 'bpr-mf'].includes(m.name)))).toBe('bpr-mf');
    const popularity = allMethods().find((m) => m.name === 'popularity');
    expect(defaultRankingMethod([popularity!, { ...popularity!, name: 'learned' }])).toBe('learned');
  });

  it('GIVEN durations, a K and several times THEN they parse to milliseconds and epoch times', () => {
    expect(parseEvalOptions({ at: '2026-10-10T00:00:00Z,2026-10-11', window: '90m', horizon: '2d', k: '5' })).toEqual({
      at: [T, T + DAY],
      window: 90 * 60_000,
      horizon: 2 * DAY,
      k: 5,
    });
    expect(parseEvalOptions({ at: '2026-10-10T02:00:00+02:00' })).toMatchObject({ at: [T], window: DAY, horizon: 2 * DAY, k: 10 });
  });

  it('GIVEN a bad option THEN a one-line error naming it', () => {
    expect(() => parseEvalOptions({ at: 'yesterday' })).toThrow(/^--at must be an ISO 8601 time/);
    expect(() => parseEvalOptions({ at: '2026-10-10', window: '24x' })).toThrow(/^--window must be a number and a unit/);
    expect(() => parseEvalOptions({ at: '2026-10-10', k: '0' })).toThrow(/^--k must be between 1 and 1000/);
    expect(() => parseEvalOptions({})).toThrow(/^--at /);
  });
});

describe('attune eval', () => {
  let db: TempDb;

  beforeEach(() => {
    db = createTempDb();
    const g = new GuildFixture(db.sqlite, GUILD, T - 30 * DAY);
    for (let i = 1; i <= 5; i++) g.member(member(i), T - 20 * DAY);
    for (let d = 0; d < 6; d++) {
      for (let i = 1; i <= 5; i++) {
        const id = `9000000000000${String(d).padStart(2, '0')}${String(i).padStart(3, '0')}`;
        g.post({ id, author: member(i), at: T - (5 - d) * DAY + i * HOUR });
        g.react(id, member((i % 5) + 1), T - (5 - d) * DAY + (i + 3) * HOUR);
      }
    }
    db.close();
  });
  afterEach(() => db.dispose());

  it('GIVEN a database with a guild THEN it prints every method’s metrics and writes one ranking per member and cut', async () => {
    const out = join(db.dir, 'recs.jsonl');
    const result = await attune(['eval', '--at', '2026-10-08T00:00:00Z,2026-10-09T00:00:00Z', '--window', '24h', '--horizon', '48h', '--k', '3', '--out', out], db);
    expect(result.status, result.stderr).toBe(0);
    for (const method of allMethods()) expect(result.stdout).toMatch(new RegExp(`^${method.name} +\\d\\.\\d{4} +\\d\\.\\d{4}`, 'm'));
    expect(result.stdout).toContain('recall@3');
    // Ten member-cuts are too few for the promotion rule to judge the learned model: the best baseline would serve,
    // so its rankings are written.
    const written = new RegExp(`wrote (\\S+)'s rankings to ${out} \\(the method that would serve: (.*)\\)`).exec(result.stdout);
    expect(written?.[2]).toMatch(/too few to judge/);
    expect(baselineMethods().map((m) => m.name)).toContain(written?.[1]);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { at: string; member: string; items: string[] });
    expect(lines).toHaveLength(2 * 5);
    const first = lines.find((l) => l.at === '2026-10-08T00:00:00.000Z' && l.member === member(1));
    // The day before the cut: five posts, minus member 1's own (…001) and the one they reacted to (…005).
    expect(first?.items).toHaveLength(3);
    expect(first?.items.every((id) => id.startsWith('900000000000002') && !id.endsWith('001') && !id.endsWith('005'))).toBe(true);
  }, 90_000);

  it('GIVEN two guilds and no --guild THEN exit 2 listing them', async () => {
    const sqlite = new Database(db.path);
    new GuildFixture(sqlite, '100000000000000002');
    sqlite.close();
    const result = await attune(['eval', '--at', '2026-10-08'], db);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/several guilds; pass --guild <id>: .*100000000000000001.*100000000000000002/);
  }, 90_000);

  it('GIVEN a malformed duration THEN exit 2 with a one-line error', async () => {
    const result = await attune(['eval', '--at', '2026-10-08', '--horizon', 'two days'], db);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/--horizon must be a number and a unit/);
  }, 90_000);
});

describe('attune eval --out writes what would serve', () => {
  let db: TempDb;
  let guildId: string;
  const NOW = Date.parse('2026-10-20T12:00:00Z');
  const cuts = [NOW - 5 * DAY, NOW - 4 * DAY, NOW - 3 * DAY].map((t) => Math.floor(t / DAY) * DAY);

  beforeEach(() => {
    db = createTempDb();
    ({ guildId } = importCommunity(db, db.dir, { start: NOW - 10 * DAY }));
    db.close();
  });
  afterEach(() => db.dispose());

  async function evaluate(methods: ReturnType<typeof baselineMethods>) {
    const out = join(db.dir, 'recs.jsonl');
    const printed: string[] = [];
    await runEval(db.path, parseEvalOptions({ at: cuts.map((t) => new Date(t).toISOString()).join(','), out }), methods, (line) => printed.push(line));
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { at: string; member: string; items: string[] });
    return { printed: printed.join('\n'), lines, out };
  }

  it('GIVEN a learned method that beats every baseline on the cuts THEN --out holds its rankings', async () => {
    const sqlite = new Database(db.path);
    try {
      const oracle = oracleMethod(sqlite);
      const { printed, lines, out } = await evaluate([oracle, ...baselineMethods()]);
      expect(printed).toMatch(new RegExp(`wrote oracle's rankings to ${out} \\(the method that would serve: oracle beats`));
      // The oracle puts what each member engaged with first: the first line with a target starts with one.
      const engaged = sqlite.prepare(`SELECT 1 FROM reactions WHERE user_id = ? AND message_id = ? AND at >= ?`);
      const hit = lines.some((l) => l.items.length > 0 && engaged.get(l.member, l.items[0], Date.parse(l.at)) !== undefined);
      expect(hit).toBe(true);
      expect(existsSync(`${out}.partial`)).toBe(false);
    } finally {
      sqlite.close();
    }
  }, 90_000);

  it('GIVEN a learned method that loses THEN --out holds the best baseline\'s rankings, one line per member and cut', async () => {
    const { printed, lines, out } = await evaluate([contrarianMethod(), ...baselineMethods()]);
    const written = new RegExp(`wrote (\\S+)'s rankings to ${out} \\(the method that would serve: contrarian does not beat (\\S+):`).exec(printed);
    expect(written?.[1]).toBe(written?.[2]);
    expect(baselineMethods().map((m) => m.name)).toContain(written?.[1]);
    const members = new Set(lines.map((l) => l.member));
    expect(lines).toHaveLength(members.size * cuts.length);
    expect(existsSync(`${out}.partial`)).toBe(false);
  }, 90_000);
});

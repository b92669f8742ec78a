/**
 * /stats reads a guild's figures on the drawing thread, through its own read-only connection, so a large guild's
 * 90-day queries do not hold up the bot's event loop (the stall is a benchmark figure: `npm run bench -- stats`).
 */
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { closeChartWorker } from '../../src/stats/chart-worker-client.js';
import { collectGuildStats } from '../../src/stats/guild-stats.js';
import { collectStats } from '../../src/stats/render-guild-charts.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';
import { seedStatsFixture, STATS_DAYS, STATS_EXPECTED, STATS_NOW } from '../fixtures/stats-fixture.js';

const GUILD = '100000000000000001';
let db: TempDb;

beforeEach(() => {
  db = createTempDb();
  seedStatsFixture(db.sqlite, GUILD);
});
afterEach(() => db.dispose());
afterAll(() => closeChartWorker());

it('GIVEN a database file THEN the figures read on the drawing thread equal those read on the caller’s connection', async () => {
  const here = collectGuildStats(db.sqlite, GUILD, STATS_NOW, STATS_DAYS);
  const there = await collectStats(db.sqlite, GUILD, STATS_NOW, STATS_DAYS);
  expect(there).toEqual(here);
  expect(there.activity).toEqual(here.activity);
  expect(here.activity).toEqual(STATS_EXPECTED.activity);
});

it('GIVEN rows committed after an earlier read THEN the drawing thread sees them (no stale connection)', async () => {
  const before = await collectStats(db.sqlite, GUILD, STATS_NOW, STATS_DAYS);
  db.sqlite.prepare('DELETE FROM points_ledger WHERE guild_id = ?').run(GUILD);
  const after = await collectStats(db.sqlite, GUILD, STATS_NOW, STATS_DAYS);
  expect(after).toEqual(collectGuildStats(db.sqlite, GUILD, STATS_NOW, STATS_DAYS));
  expect(after.points).not.toEqual(before.points);
});

it('GIVEN an in-memory database THEN the figures are read on the caller’s connection (the worker cannot open it)', async () => {
  const memory = new Database(':memory:');
  try {
    expect(memory.memory).toBe(true);
    await expect(collectStats(memory, GUILD, STATS_NOW, STATS_DAYS)).rejects.toThrow(/no such table/);
  } finally {
    memory.close();
  }
});

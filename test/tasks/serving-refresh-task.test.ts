/**
 * GIVEN the serving cache's refresh as a task on a simulated scheduler THEN each period end rebuilds every warm guild
 * (a new entry, its ranker bound to a new snapshot), guilds never asked for stay cold, and guilds of another shard
 * are left alone.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ALL_GUILDS, shardScope } from '../../src/ops/guild-scope.js';
import { silentLogger } from '../../src/ops/log.js';
import { ServingCache, type RankerLoader } from '../../src/recommend/serving/serving-cache.js';
import { servingRefreshTask } from '../../src/tasks/serving-refresh-task.js';
import { SimulatedScheduler } from '../../src/tasks/simulated-scheduler.js';
import { TaskRunner } from '../../src/tasks/task-runner.js';
import { importCommunity } from '../helpers/community-db.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';
import { popularityRanker } from '../helpers/rankers.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const START = Date.UTC(2026, 5, 1);
let db: TempDb;
let cache: ServingCache;
beforeEach(() => {
  db = createTempDb();
  cache = new ServingCache({ sqlite: db.sqlite, log: silentLogger, now: () => START, loadRanker: popularityRanker });
});
afterEach(async () => {
  await cache.stop();
  db.dispose();
});

it('GIVEN a warm guild and a cold one THEN every 10 minutes the warm one is rebuilt and the cold one stays cold', async () => {
  // Two guilds of a two-shard bot: (id >> 22) % 2 is 0 for the warm one.
  const warm = importCommunity(db, db.dir, { start: START - 10 * DAY, guildId: String(2n << 22n) }).guildId;
  const cold = importCommunity(db, db.dir, { start: START - 10 * DAY, guildId: String(3n << 22n), idSpace: 2 }).guildId;
  const scheduler = new SimulatedScheduler(START);
  new TaskRunner(scheduler, ALL_GUILDS, silentLogger).add(servingRefreshTask(cache, 10 * MINUTE));
  const first = await cache.get(warm);
  await scheduler.advanceTo(START + 9 * MINUTE);
  expect(cache.peek(warm)).toBe(first);
  await scheduler.advanceTo(START + 10 * MINUTE);
  const second = cache.peek(warm);
  expect(second).toBeDefined();
  expect(second).not.toBe(first);
  expect(second?.state.snapshot).not.toBe(first.state.snapshot);
  expect(cache.peek(cold)).toBeUndefined();
  expect(scheduler.fireCounts()).toEqual(new Map([['serving-refresh', 1]]));

  // Shard 1 of 2 does not own the warm guild: its refresh leaves the entry as it is.
  const otherShard = new SimulatedScheduler(START);
  new TaskRunner(otherShard, shardScope([1], 2), silentLogger).add(servingRefreshTask(cache, 10 * MINUTE));
  await otherShard.advanceTo(START + 30 * MINUTE);
  expect(otherShard.fireCounts()).toEqual(new Map([['serving-refresh', 1]]));
  expect(cache.peek(warm)).toBe(second);
});

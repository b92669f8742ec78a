/**
 * The serving cache's background refresh (RECOMMEND_REFRESH_MINUTES): every guild with a warm entry is rebuilt off
 * the request path, so a request never waits for a snapshot that is merely old.
 */
import type { ServingCache } from '../recommend/serving/serving-cache.js';
import { defineTask, type Task } from './task.js';

export function servingRefreshTask(cache: ServingCache, everyMs: number): Task {
  return defineTask({
    name: 'serving-refresh',
    schedule: { everyMs },
    scope: 'per-guild',
    async run({ owns, signal }) {
      await cache.refreshWarm((guildId) => owns(guildId) && !signal.aborted);
    },
  });
}

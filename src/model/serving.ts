/**
 * The serving entry point (/recommend, digests): what the registry says serves a guild, bound to a snapshot.
 */
import type Database from 'better-sqlite3';
import type { GraphSnapshot } from '../graph/snapshot.js';
import { servableMethods } from './methods.js';
import { decodeParams } from './params-codec.js';
import { FALLBACK_METHOD } from './promotion.js';
import type { Ranker, RankingMethod } from './ranker.js';
import { currentMethodName, newestSucceededRun, servingChoice, type ServingChoice } from './registry.js';

export interface ServingRanker {
  ranker: Ranker;
  choice: ServingChoice;
}

/**
 * The serving entry point (/recommend, digests): binds the serving method's stored parameters to `snapshot`
 * (normally built at "now"); a run stored under a method's former name binds the method it is now
 * (registry.ts RENAMED_METHODS). A guild that never trained — or whose stored method no longer exists in this
 * version — gets popularity fitted on the snapshot itself, which is cheap (counts, no tensors).
 */
export async function loadServingRanker(
  sqlite: Database.Database,
  guildId: string,
  snapshot: GraphSnapshot,
  methods: readonly RankingMethod[] = servableMethods(),
): Promise<ServingRanker> {
  const run = newestSucceededRun(sqlite, guildId);
  const name = run?.servingMethod ? currentMethodName(run.servingMethod) : undefined;
  const stored = name ? methods.find((m) => m.name === name) : undefined;
  if (run && stored && run.params) {
    return { ranker: stored.bind(decodeParams(run.params), snapshot), choice: servingChoice(sqlite, guildId) };
  }
  const fallback = methods.find((m) => m.name === FALLBACK_METHOD);
  if (!fallback) throw new Error(`no ${FALLBACK_METHOD} method to serve guild ${guildId}`);
  const params = await fallback.train(snapshot, { seed: 0 });
  return {
    ranker: fallback.bind(params, snapshot),
    choice: { method: FALLBACK_METHOD, source: 'default', runId: null, trainedAt: null },
  };
}

/** Serving ranks with what the model registry says: the promoted model, else the best baseline, else popularity. */
import { loadServingRanker } from '../../model/registry.js';
import type { RankerLoader } from './serving-cache.js';

export const registryRankerLoader: RankerLoader = async (sqlite, guildId, snapshot) => {
  const { ranker, choice } = await loadServingRanker(sqlite, guildId, snapshot);
  return { ranker, method: choice.method };
};

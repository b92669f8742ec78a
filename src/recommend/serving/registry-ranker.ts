/** Serving ranks with what the model registry says: the promoted model, else the best baseline, else popularity. */
import type { RankerLoader } from './serving-cache.js';

export const registryRankerLoader: RankerLoader = async (sqlite, guildId, snapshot) => {
  // Loaded on first use: the ranking methods pull in TensorFlow.js, which a bot start should not wait for.
  const { loadServingRanker } = await import('../../model/serving.js');
  const { ranker, choice } = await loadServingRanker(sqlite, guildId, snapshot);
  return { ranker, method: choice.method };
};

/**
 * Rankers tests bind instead of a trained model, so what a test asserts about order depends on counts it controls.
 */
import { popularityMethod } from '../../src/model/baselines/count-baselines.js';
import type { RankerLoader } from '../../src/recommend/serving/serving-cache.js';

/** Ranks by reactions and replies so far: the post the test made popular comes first. */
export const popularityRanker: RankerLoader = async (_sqlite, _guildId, snapshot) => ({ ranker: popularityMethod().bind({}, snapshot), method: 'popularity' });

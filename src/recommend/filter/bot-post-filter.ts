/** Bots' posts (announcements, attune's own digests) are not recommendations. */
import type { Filter } from '../pipeline/types.js';
import { partition } from './partition.js';

export const botPostFilter: Filter = {
  name: 'bot_post',
  apply: (candidates) => partition(candidates, (c) => c.authorId !== null),
};

/** An item never appears in two digests of the same member, and a digested item is not recommended again. */
import type { Filter } from '../pipeline/types.js';
import { partition } from './partition.js';

export const previouslyDigestedFilter: Filter = {
  name: 'previously_digested',
  apply: (candidates, { member }) => partition(candidates, (c) => !member.digested.has(c.postId)),
};

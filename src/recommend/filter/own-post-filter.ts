/** Never the member's own posts. */
import type { Filter } from '../pipeline/types.js';
import { partition } from './partition.js';

export const ownPostFilter: Filter = {
  name: 'own_post',
  apply: (candidates, { member }) => partition(candidates, (c) => c.authorId !== member.memberId),
};

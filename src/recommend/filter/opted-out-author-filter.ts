/** Authors who opted out of attune are never recommended (Developer Policy: respect opt-outs). */
import type { Filter } from '../pipeline/types.js';
import { partition } from './partition.js';

export const optedOutAuthorFilter: Filter = {
  name: 'opted_out_author',
  apply: (candidates, { member }) => partition(candidates, (c) => c.authorId === null || !member.optedOutMembers.has(c.authorId)),
};

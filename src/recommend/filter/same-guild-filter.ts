/** Never a post from another guild, whatever a source or cache mix-up produced. */
import type { Filter } from '../pipeline/types.js';
import { partition } from './partition.js';

export const sameGuildFilter: Filter = {
  name: 'same_guild',
  hides: true,
  apply: (candidates, { member }) => partition(candidates, (c) => c.guildId === member.guildId),
};

/** Age-restricted channels' posts only when the member asked from an age-restricted channel they can see. */
import type { Filter } from '../pipeline/types.js';
import { partition } from './partition.js';

export const nsfwFilter: Filter = {
  name: 'nsfw',
  apply(candidates, { member }) {
    if (member.allowNsfw) return { kept: candidates, removed: [] };
    const memo = new Map<string, boolean>();
    return partition(candidates, (c) => {
      let nsfw = memo.get(c.channelId);
      if (nsfw === undefined) memo.set(c.channelId, (nsfw = member.isNsfw(c.channelId)));
      return !nsfw;
    });
  },
};

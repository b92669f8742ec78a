/**
 * Posts deleted since the snapshot was built. Runs on the shortlist only, against the live database (primary-key
 * lookups), because the snapshot cannot know about deletions after it.
 */
import type { Filter, LivePostState } from '../pipeline/types.js';
import { partition } from './partition.js';

export function deletedPostFilter(live: LivePostState): Filter {
  return {
    name: 'deleted',
    apply(candidates) {
      const deleted = live.deletedAmong(candidates.map((c) => c.postId));
      return partition(candidates, (c) => !deleted.has(c.postId));
    },
  };
}

/**
 * Posts the member authored or already engaged with — reacted to, replied to, posted in the thread or forum post
 * they start, mentioned the author of shortly after (src/graph/engagement.ts, the one definition) — in the snapshot
 * (binary search) or since it was built (live, member-context.ts). The same mask the offline evaluation applies to
 * a member's known items.
 */
import type { Filter } from '../pipeline/types.js';
import { hasEngaged } from '../serving/serving-state.js';
import { partition } from './partition.js';

export const engagedPostFilter: Filter = {
  name: 'already_engaged',
  apply: (candidates, { state, member }) =>
    partition(
      candidates,
      (c) => !member.engagedSinceSnapshot.has(c.postId) && !(c.post >= 0 && hasEngaged(state, member.member, c.post)),
    ),
};

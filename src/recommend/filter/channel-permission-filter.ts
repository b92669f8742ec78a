/**
 * Only posts in channels and threads the member can view and read the history of right now (Discord's permission
 * computation, Connect for voice chats, private-thread membership): a member must never learn of a post through
 * attune that Discord would not show them, not even that it exists (a hiding filter: its removals are not counted).
 * Memoised per channel/thread within one run.
 */
import type { Filter } from '../pipeline/types.js';
import { partition } from './partition.js';

export const channelPermissionFilter: Filter = {
  name: 'no_permission',
  hides: true,
  apply(candidates, { member }) {
    const memo = new Map<string, boolean>();
    return partition(candidates, (c) => {
      const key = c.threadId === null ? c.channelId : `${c.channelId}/${c.threadId}`;
      let visible = memo.get(key);
      if (visible === undefined) memo.set(key, (visible = member.canView(c.channelId, c.threadId)));
      return visible;
    });
  },
};

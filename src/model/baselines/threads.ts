/**
 * A snapshot's threads as the baselines read them: which thread a post belongs to (the one it is in, or the one it
 * started from its parent channel), which post starts a thread (the snapshot's starters, src/graph/engagement.ts's
 * rule), and how many posts a thread holds before the snapshot.
 */
import type { GraphSnapshot } from '../../graph/snapshot.js';

export interface ThreadIndex {
  /** The thread a post is in or started from its parent channel; -1 for neither. */
  threadOf(post: number): number;
  /** The thread this post starts, -1 when it starts none. */
  startedBy(post: number): number;
  /** Posts in the thread before the snapshot (a parent-channel starter not counted: it is not in it). */
  size(thread: number): number;
}

export function indexThreads(snapshot: GraphSnapshot): ThreadIndex {
  const { posts, channels } = snapshot;
  const size = new Int32Array(channels.ids.length);
  for (let p = 0; p < posts.ids.length; p++) {
    const t = posts.thread[p] as number;
    if (t >= 0) size[t] = (size[t] as number) + 1;
  }
  const started = new Map<number, number>();
  channels.starter?.forEach((post, t) => {
    if (post >= 0) started.set(post, t);
  });
  return {
    threadOf: (post) => {
      const t = posts.thread[post] as number;
      return t >= 0 ? t : (started.get(post) ?? -1);
    },
    startedBy: (post) => started.get(post) ?? -1,
    size: (thread) => size[thread] as number,
  };
}

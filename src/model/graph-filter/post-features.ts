/**
 * What is known about a post without its interactions and without its text (Discord Developer Policy: no training
 * on message content unless the guild turned content_features on; this module never reads `posts.text`):
 * channel, author, where it lives (channel kind), age at the snapshot time, reaction profile and reply depth.
 * Each becomes an index into an embedding table, so a fresh post is scored through the same vectors.
 */
import type { GraphSnapshot } from '../../graph/snapshot.js';

const HOUR = 3_600_000;
/** Age bucket upper bounds (exclusive), then one bucket for older, one for unknown. */
const AGE_BOUNDS = [HOUR, 6 * HOUR, 24 * HOUR, 72 * HOUR, 168 * HOUR, 720 * HOUR];
/** Reaction count bucket upper bounds (exclusive), then 16+. */
const REACTION_BOUNDS = [1, 2, 4, 8, 16];
const DEPTH_BUCKETS = 4;
const KIND_BUCKETS = 5;

/** Offsets of each group in the shared bucket table. */
export const BUCKET_GROUPS = {
  kind: 0,
  age: KIND_BUCKETS,
  reactions: KIND_BUCKETS + AGE_BOUNDS.length + 2,
  depth: KIND_BUCKETS + AGE_BOUNDS.length + 2 + REACTION_BOUNDS.length + 1,
} as const;
export const BUCKET_COUNT = BUCKET_GROUPS.depth + DEPTH_BUCKETS;
export const BUCKETS_PER_POST = 4;

export interface PostFeatures {
  /** Channel index in the snapshot's channel table. */
  channel: Int32Array;
  /** Author member index, -1 when unknown. */
  author: Int32Array;
  /** [post × BUCKETS_PER_POST] indices into the bucket table. */
  buckets: Int32Array;
}

function bucketOf(value: number, bounds: readonly number[]): number {
  let b = 0;
  while (b < bounds.length && value >= bounds[b]!) b++;
  return b;
}

export function postFeatures(snapshot: GraphSnapshot): PostFeatures {
  const { posts, channels, at } = snapshot;
  const n = posts.ids.length;
  const buckets = new Int32Array(n * BUCKETS_PER_POST);
  for (let p = 0; p < n; p++) {
    const home = posts.thread[p]! >= 0 ? posts.thread[p]! : posts.channel[p]!;
    const kind = Math.min(KIND_BUCKETS - 1, channels.kind[home] ?? KIND_BUCKETS - 1);
    const created = posts.createdAt[p]!;
    const age = Number.isFinite(created) ? bucketOf(Math.max(0, at - created), AGE_BOUNDS) : AGE_BOUNDS.length + 1;
    const reactions = bucketOf(posts.reactionCount[p]!, REACTION_BOUNDS);
    const depth = Math.min(DEPTH_BUCKETS - 1, Math.max(0, Math.floor(posts.replyDepth[p]!)));
    buckets[p * BUCKETS_PER_POST] = BUCKET_GROUPS.kind + kind;
    buckets[p * BUCKETS_PER_POST + 1] = BUCKET_GROUPS.age + age;
    buckets[p * BUCKETS_PER_POST + 2] = BUCKET_GROUPS.reactions + reactions;
    buckets[p * BUCKETS_PER_POST + 3] = BUCKET_GROUPS.depth + depth;
  }
  return { channel: Int32Array.from(posts.channel), author: Int32Array.from(posts.author), buckets };
}

/**
 * How interactions and relations are weighted when a snapshot is built. Defaults are documented here (and in the
 * README's training section); every value can be overridden per call (`buildSnapshot(…, options)`).
 */
import type { InteractionKind } from './snapshot.js';
import { SNAPSHOT_RELATION_KINDS } from './snapshot.js';

export type RelationKindName = (typeof SNAPSHOT_RELATION_KINDS)[number];

export interface SnapshotOptions {
  /**
   * Type weight of each member → post interaction. A reply or a mention costs the member more effort than a
   * reaction, and says more about interest; posting in a thread says less about its starter than replying to it;
   * authorship says what a member knows and talks about.
   */
  interactionWeights: Record<InteractionKind, number>;
  /** Half-life of an interaction's weight: an event `halfLife` older than `at` counts half as much. */
  interactionHalfLifeMs: number;
  /** Per-event weight of each member → member relation kind, used in the relation strength. */
  relationWeights: Record<RelationKindName, number>;
  /** Half-life of a relation event in the relation strength (relations age more slowly than interests). */
  relationHalfLifeMs: number;
  /** Reply chains deeper than this are stored as this depth. */
  maxReplyDepth: number;
  /**
   * The post table holds a guild's most recent posts, at most this many: what models train on and rank is bounded
   * by it, not by how long a busy guild has been around. Older posts still count, as decayed sums, in each member's
   * channel history and in relations (GraphSnapshot.history). 200,000 posts keep a whole training run of a guild
   * under ~1 GB (measured: 100k posts 0.5 GB, 300k 0.9 GB, unbounded 1M 1.8 GB) and cover months of a busy server.
   */
  maxPosts: number;
  /**
   * Thread co-participation: a member's first post in a thread links them with the thread's this-many most recently
   * active other posters (the conversation they joined). Bounded per post, so a forum's relations grow with its
   * posts; the bot's thread_co_participation table (up to 50 partners at every post) is not read.
   */
  coThreadPartners: number;
  /**
   * Relation and history events older than this before `at` are not read: at the relation half-life (30 days) a
   * year-old event weighs a four-thousandth of a new one, and reading them would cost time in proportion to the
   * guild's age.
   */
  relationHorizonMs: number;
}

const DAY_MS = 86_400_000;

export const DEFAULT_SNAPSHOT_OPTIONS: SnapshotOptions = {
  interactionWeights: { authored: 2, reaction: 1, reply: 3, mention: 2, thread: 1.5 },
  interactionHalfLifeMs: 14 * DAY_MS,
  relationWeights: { reply: 3, mention: 2, reaction: 1, co_thread: 1 },
  relationHalfLifeMs: 30 * DAY_MS,
  maxReplyDepth: 8,
  maxPosts: 200_000,
  coThreadPartners: 10,
  relationHorizonMs: 365 * DAY_MS,
};

export function resolveSnapshotOptions(options: Partial<SnapshotOptions> = {}): SnapshotOptions {
  return {
    ...DEFAULT_SNAPSHOT_OPTIONS,
    ...options,
    interactionWeights: { ...DEFAULT_SNAPSHOT_OPTIONS.interactionWeights, ...options.interactionWeights },
    relationWeights: { ...DEFAULT_SNAPSHOT_OPTIONS.relationWeights, ...options.relationWeights },
  };
}

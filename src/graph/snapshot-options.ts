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
}

const DAY_MS = 86_400_000;

export const DEFAULT_SNAPSHOT_OPTIONS: SnapshotOptions = {
  interactionWeights: { authored: 2, reaction: 1, reply: 3, mention: 2, thread: 1.5 },
  interactionHalfLifeMs: 14 * DAY_MS,
  relationWeights: { reply: 3, mention: 2, reaction: 1, co_thread: 1 },
  relationHalfLifeMs: 30 * DAY_MS,
  maxReplyDepth: 8,
};

export function resolveSnapshotOptions(options: Partial<SnapshotOptions> = {}): SnapshotOptions {
  return {
    ...DEFAULT_SNAPSHOT_OPTIONS,
    ...options,
    interactionWeights: { ...DEFAULT_SNAPSHOT_OPTIONS.interactionWeights, ...options.interactionWeights },
    relationWeights: { ...DEFAULT_SNAPSHOT_OPTIONS.relationWeights, ...options.relationWeights },
  };
}

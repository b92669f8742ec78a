import type { GraphSnapshot } from '../graph/snapshot.js';

/** Scores posts for members of one snapshot. Higher is better; scores of different members are not comparable. */
export interface Ranker {
  readonly name: string;
  /** One score per candidate post index, same order. */
  score(member: number, candidates: Int32Array): Float32Array;
  /**
   * Optional: per candidate, the signal that lifted it most above the member's other candidates, with the facts a
   * member can check (how many of their people engaged, who wrote it …); null where nothing stands out. The
   * explanation shown to members uses it when present (src/recommend/explanation).
   */
  explain?(member: number, candidates: Int32Array): (RankingReason | null)[];
  /** Releases tensors or buffers it holds; a disposed ranker must not be used again. */
  dispose(): void;
}

/** Why a learned ranker placed a post where it did, in terms a member can check. */
export interface RankingReason {
  kind: 'channel' | 'thread' | 'replied_to_you' | 'mentioned_you' | 'author' | 'social' | 'similar' | 'rising' | 'popular' | 'fresh';
  /** The signal (feature) behind it, for logs. */
  signal: string;
  /**
   * social: how many of the member's people engaged; rising / popular: how many members engaged so far.
   */
  count?: number;
}

/**
 * A way of ranking: the learned model and every baseline (popularity, recency, hot, top, BPR-MF) implement it,
 * so evaluation, the registry and serving treat them alike.
 *
 * `train` fits on a snapshot and returns plain serialisable parameters (stored in the model registry).
 * `bind` turns parameters into a Ranker over a snapshot that may be newer than the one trained on: members and
 * posts are matched by Discord id, and ones unseen at training time (fresh posts are the normal case) are scored
 * from what is known about them (author, channel, relations), never left at zero.
 */
export interface RankingMethod<Params = unknown> {
  readonly name: string;
  train(snapshot: GraphSnapshot, options: TrainOptions): Promise<Params>;
  bind(params: Params, snapshot: GraphSnapshot): Ranker;
}

export interface TrainOptions {
  /** Deterministic runs for tests and benchmarks. */
  seed: number;
  /**
   * The digest situation the method will be judged in (candidates from the last `windowMs`, engagement within
   * `horizonMs`): a method that learns from the guild's own history replays it. Methods may ignore it.
   */
  protocol?: { windowMs: number; horizonMs: number };
  /** Progress callback (epoch, loss, …), logged by the training worker. */
  onProgress?: (progress: TrainProgress) => void;
  /** Aborts a long run (shutdown); the method stops at the next step and rejects. */
  signal?: AbortSignal;
}

export interface TrainProgress {
  step: number;
  totalSteps: number;
  loss?: number;
  message?: string;
}

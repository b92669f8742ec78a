/**
 * What a model or a baseline may know about one guild at a cut time `at`: built only from events strictly before
 * `at` (the no-leakage rule of the evaluation protocol, and what serving uses with `at` = now).
 *
 * Column-oriented typed arrays indexed by dense ids (member index, post index, channel index) so training and
 * scoring never touch strings in their inner loops; the `ids` arrays map back to Discord ids.
 * A snapshot can also be built in memory from a public data set (benchmarks): members = users, posts = items.
 */

/** Member → post interaction kinds, in the order their codes are stored in `InteractionEdges.kind`. */
export const INTERACTION_KINDS = ['authored', 'reaction', 'reply', 'mention', 'thread'] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];

/** Member → member relation kinds, in the order of `RelationEdges.byKind` columns. */
export const SNAPSHOT_RELATION_KINDS = ['reply', 'mention', 'reaction', 'co_thread'] as const;

export interface MemberTable {
  ids: string[];
  /** Epoch ms, NaN when unknown. */
  joinedAt: Float64Array;
  /** 1 when the member has opted out of being modelled (their rows are excluded; kept for id alignment). */
  optedOut: Uint8Array;
}

export interface ChannelTable {
  /** Top-level channels and threads alike. */
  ids: string[];
  /** 0 text/announcement, 1 forum/media, 2 thread, 3 forum post (a thread in a forum), 4 other. */
  kind: Uint8Array;
  /** Index of the parent channel for threads, -1 otherwise. */
  parent: Int32Array;
  nsfw: Uint8Array;
  /**
   * Per thread: the post index of its starter (src/graph/engagement.ts: the message with the thread's id, a forum
   * post's first message or the parent-channel message it was started from, else its earliest), -1 for a
   * top-level channel or a starter the snapshot does not hold. Absent in snapshots built without threads.
   */
  starter?: Int32Array;
}

export interface PostTable {
  ids: string[];
  /** Member index of the author, -1 when the author is not in `members` (e.g. a bot). */
  author: Int32Array;
  /** Top-level channel index. */
  channel: Int32Array;
  /** Thread / forum-post channel index, -1 when the post is not in a thread. */
  thread: Int32Array;
  createdAt: Float64Array;
  /** Counts over events before `at` only. */
  reactionCount: Float32Array;
  reactorCount: Float32Array;
  replyCount: Float32Array;
  /** 0 for a post that replies to nothing, 1 for a reply to such a post, … (capped). */
  replyDepth: Float32Array;
  /** Index of the post this one replies to, -1 when it replies to nothing or to a post not in the snapshot. */
  replyTo: Int32Array;
  /** Member index of the author of the post this one replies to (also for a target older than the post window), -1 if none. */
  replyToAuthor: Int32Array;
  /**
   * Moderation's verdict on the post as known before `at`: the quality model's latest score (0 surely low quality …
   * 1 surely fine) when it was scored before `at`, 0 for a post a moderator demoted before `at`, NaN when neither.
   */
  quality: Float32Array;
  attachmentCount: Float32Array;
  /** Message text, present only when the guild turned on `content_features` and the text was delivered. */
  text?: (string | null)[];
}

/** One row per event (member, post, kind, time); `weight` = type weight × time decay evaluated at `at`. */
export interface InteractionEdges {
  member: Int32Array;
  post: Int32Array;
  kind: Uint8Array;
  at: Float64Array;
  weight: Float32Array;
}

/**
 * Directed member → member relations aggregated per pair: `strength` combines frequency and recency over all kinds
 * (the "trust / interaction frequency" of the seed); `byKind` holds the raw event counts, row-major
 * [pair × SNAPSHOT_RELATION_KINDS.length]. co_thread appears in both directions.
 */
export interface RelationEdges {
  from: Int32Array;
  to: Int32Array;
  strength: Float32Array;
  byKind: Float32Array;
  lastAt: Float64Array;
  /**
   * Row-major [pair × SNAPSHOT_RELATION_KINDS.length]: Σ 2^(−(history.postsFrom − t) / history.halfLifeMs) over the
   * pair's events of each kind before the post window (all zero when every post is in the snapshot). A model that
   * replays the history inside the window reads what came before from here.
   */
  history: Float32Array;
}

/**
 * What came before the post window, for models that replay time inside the snapshot: decayed sums at `postsFrom`,
 * so their value at any later T is the sum × 2^(−(T − postsFrom) / halfLifeMs).
 */
export interface SnapshotHistory {
  /** Posts created before this are not in the post table (−Infinity when every post is). */
  postsFrom: number;
  halfLifeMs: number;
  /** Per (member, top-level channel), ordered by member: the member's posts and reactions there before `postsFrom`. */
  channels: { member: Int32Array; channel: Int32Array; weight: Float32Array };
}

/** Who each post mentions: one row per (post, mentioned member), ordered by post. */
export interface PostMentions {
  post: Int32Array;
  member: Int32Array;
}

export interface GraphSnapshot {
  guildId: string;
  at: number;
  members: MemberTable;
  channels: ChannelTable;
  posts: PostTable;
  interactions: InteractionEdges;
  relations: RelationEdges;
  mentions: PostMentions;
  history: SnapshotHistory;
  /** Whether `posts.text` may be used (the guild's content_features setting). */
  contentFeatures: boolean;
}

/** The history of a snapshot that holds every post (built in memory from a data set, or small enough). */
export function noHistory(halfLifeMs = 30 * 86_400_000): SnapshotHistory {
  return { postsFrom: -Infinity, halfLifeMs, channels: { member: new Int32Array(0), channel: new Int32Array(0), weight: new Float32Array(0) } };
}

/**
 * The recommendation pipeline's vocabulary, in stage order (Twitter's product-mixer shape): candidate sources →
 * filters (each returns kept AND removed, so an empty answer can say why) → scorers → post-scoring filters on the
 * shortlist (live checks) → diversity selection → explanation. Side effects (impressions) and formatting belong to
 * the callers (/recommend, digests), which know what was actually shown.
 */
import type { Reason } from '../../db/json-types.js';
import type { FeedbackKind } from '../../db/schema-recommend.js';
import type { RankingReason } from '../../model/ranker.js';
import type { FreshPost } from '../serving/fresh-posts.js';
import type { ServingState } from '../serving/serving-state.js';

export type CandidateSourceName = 'popular' | 'in_network' | 'channel_affinity' | 'fresh';

export interface Candidate {
  postId: string;
  /** Index in the serving snapshot's post table; -1 for a post newer than the snapshot (scored by cold start). */
  post: number;
  guildId: string;
  /** Top-level channel. */
  channelId: string;
  threadId: string | null;
  /** Null for bots' posts and authors unknown to the snapshot's member table. */
  authorId: string | null;
  createdAt: number;
  source: CandidateSourceName;
  score: number;
  /** What the serving model says lifted this post for the member (rankers that explain themselves), for the reason. */
  modelReason?: RankingReason | null;
}

/** What the pipeline is asked for. */
export interface RecommendationQuery {
  count: number;
  /** Only this channel (top-level id; its threads included). */
  channelId?: string | undefined;
  /** Only posts created at or after this time. */
  since?: number | undefined;
  /** Candidates per source at most (lower for batch digests, where it bounds the cost per member). */
  perSourceLimit: number;
  now: number;
}

/** A member's feedback on one post. */
export interface FeedbackEntry {
  kind: FeedbackKind;
  authorId: string;
  channelId: string;
}

/** Where a member's view of the world stands right now: the live state the snapshot does not know yet. */
export interface MemberContext {
  guildId: string;
  memberId: string;
  /** The member's index in the snapshot, -1 for a member newer than it (cold start). */
  member: number;
  /** Posts the member reacted to or replied to since the snapshot was built. */
  engagedSinceSnapshot: ReadonlySet<string>;
  /** Authors the member interacted with since the snapshot (neighbours a new member already has). */
  authorsEngagedSinceSnapshot: ReadonlySet<string>;
  feedback: ReadonlyMap<string, FeedbackEntry>;
  /** Posts already in one of the member's digests (other days). */
  digested: ReadonlySet<string>;
  /** Authors who opted out of attune (their posts are never recommended). */
  optedOutMembers: ReadonlySet<string>;
  /** Whether the member may view (and read the history of) the post's channel or thread right now. */
  canView(channelId: string, threadId: string | null): boolean;
  /** NSFW posts only where the member asked from an NSFW channel they can see. */
  allowNsfw: boolean;
  /** Whether a top-level channel is age-restricted, from Discord's live state. */
  isNsfw(channelId: string): boolean;
}

/** Live post state the shortlist is checked against (deletions after the snapshot, moderation). */
export interface LivePostState {
  /** Which of these posts are deleted (or gone) now. */
  deletedAmong(postIds: readonly string[]): ReadonlySet<string>;
}

/** Moderation's say on posts: dropped outright or demoted (score multiplied down). Default: none. */
export type ModerationVerdict = 'drop' | 'demote';
export interface ModerationHook {
  verdicts(guildId: string, postIds: readonly string[]): ReadonlyMap<string, ModerationVerdict>;
}
export const noModeration: ModerationHook = { verdicts: () => new Map() };

export interface StageContext {
  state: ServingState;
  /** Posts newer than the snapshot, newest first (read live, shared for a few seconds). */
  fresh: readonly FreshPost[];
  member: MemberContext;
  query: RecommendationQuery;
}

export interface CandidateSource {
  readonly name: CandidateSourceName;
  /** Fails open: a source that throws is logged by the pipeline and contributes nothing. */
  fetch(ctx: StageContext, emit: (candidate: Candidate) => void): void;
}

export interface FilterResult {
  kept: Candidate[];
  removed: Candidate[];
}

export interface Filter {
  readonly name: string;
  /**
   * What it removes does not exist for the member (another guild's posts, posts they may not view): it is never
   * counted in `removed` or `candidateCount`, so no answer can hint at it ("recent posts are in channels you cannot see").
   */
  readonly hides?: true;
  apply(candidates: Candidate[], ctx: StageContext): FilterResult;
}

export interface Scorer {
  readonly name: string;
  /** Sets or adjusts `candidate.score` in place. */
  score(candidates: Candidate[], ctx: StageContext): void;
}

/** One short, true reason, rendered by the caller in the member's language (stored in digests: the schema owns it). */
export type { Reason, ReasonKind } from '../../db/json-types.js';

export interface Recommendation {
  candidate: Candidate;
  reason: Reason;
}

export interface PipelineResult {
  items: Recommendation[];
  /** Removed candidates per filter name, for logs and the "why is this empty" message (hiding filters left out). */
  removed: Map<string, number>;
  /** Candidates the member may know of: those a hiding filter removed are not counted. */
  candidateCount: number;
  method: string;
}

/**
 * What /recommend, the feedback buttons and digests call: runs the pipeline for one member against the guild's
 * warm serving state, records impressions (what was shown) and feedback (what the member said).
 */
import type Database from 'better-sqlite3';
import { inWriteTransaction } from '../db/connection.js';
import type { DigestItem } from '../db/json-types.js';
import { recommendQueries, type RecommendQueries } from '../db/queries/recommend.js';
import type { FeedbackKind, RecommendationSurface } from '../db/schema-recommend.js';
import type { Logger } from '../ops/log.js';
import { buildRecommendationPipeline } from './build-pipeline.js';
import { keptAtSendTime } from './filter/send-time-filters.js';
import { withSettledAccess, type ChannelAccess, type MemberAccess } from './channel-access.js';
import { databasePostState } from './live-post-state.js';
import { LiveMemberContext, type LiveMemberState } from './member-context.js';
import type { RecommendationPipeline } from './pipeline/pipeline.js';
import { noModeration, type LivePostState, type ModerationHook, type PipelineResult, type Recommendation } from './pipeline/types.js';
import type { DiversityOptions } from './selector/diversity-selector.js';
import type { ServingCache, ServingEntry } from './serving/serving-cache.js';
import type { ServingState } from './serving/serving-state.js';

/**
 * Members of the guild who opted out of attune (erased members stay opted out): their posts are never shown, they
 * count in no reason, and nothing they do here is recorded. Wired to the opt-out list, current on every call;
 * default nobody.
 */
export type OptedOutMembers = (sqlite: Database.Database, guildId: string) => ReadonlySet<string>;
export const nobodyOptedOut: OptedOutMembers = () => new Set();

export interface RecommendServiceOptions {
  sqlite: Database.Database;
  log: Logger;
  now: () => number;
  cache: ServingCache;
  access: ChannelAccess;
  moderation?: ModerationHook;
  optedOutMembers?: OptedOutMembers;
  diversity?: DiversityOptions;
  /** Candidates per source for /recommend (default 200). */
  perSourceLimit?: number;
}

export interface RecommendRequest {
  guildId: string;
  memberId: string;
  count: number;
  channelId?: string | undefined;
  since?: number | undefined;
  allowNsfw: boolean;
  perSourceLimit?: number;
}

/** One shown item: the post and its reason's kind. */
export interface ShownItem {
  postId: string;
  reason: string;
}

export function shownItems(items: readonly Recommendation[]): ShownItem[] {
  return items.map((item) => ({ postId: item.candidate.postId, reason: item.reason.kind }));
}

export interface RecommendOutcome extends PipelineResult {
  state: ServingState;
}

/** Above this expected compute time, /recommend defers before computing (Discord drops answers after 3 s). */
export const DEFER_UP_FRONT_MS = 1000;

export class RecommendService {
  readonly cache: ServingCache;
  readonly #options: RecommendServiceOptions;
  readonly #live: LiveMemberContext;
  readonly #pipeline: RecommendationPipeline;
  readonly #recentMs = new Map<string, number>();
  readonly #queries: RecommendQueries;

  constructor(options: RecommendServiceOptions) {
    this.#options = options;
    this.cache = options.cache;
    this.#live = new LiveMemberContext(options.sqlite);
    this.#pipeline = this.pipelineWith(databasePostState(options.sqlite));
    this.#queries = recommendQueries(options.sqlite);
  }

  /** A pipeline whose deletion check reads `live` (digest batches pass a prefetched set). */
  pipelineWith(live: LivePostState): RecommendationPipeline {
    return buildRecommendationPipeline({
      live,
      moderation: this.#options.moderation ?? noModeration,
      ...(this.#options.diversity ? { diversity: this.#options.diversity } : {}),
      log: this.#options.log,
    });
  }

  optedOutMembers(guildId: string): ReadonlySet<string> {
    return (this.#options.optedOutMembers ?? nobodyOptedOut)(this.#options.sqlite, guildId);
  }

  /**
   * Stored items (a digest composed earlier) the reader may be shown now: the send-time filters
   * (filter/send-time-filters.ts) against the database, moderation and the opt-out list as they are at this moment.
   * Every sender of stored items calls this right before it shows them.
   */
  async showableNow<T extends DigestItem>(guildId: string, reader: MemberAccess, items: readonly T[]): Promise<T[]> {
    if (items.length === 0) return [];
    const postIds = items.map((item) => item.postId);
    const ctx = {
      reader,
      deleted: databasePostState(this.#options.sqlite).deletedAmong(postIds),
      verdicts: (this.#options.moderation ?? noModeration).verdicts(guildId, postIds),
      optedOutMembers: this.optedOutMembers(guildId),
    };
    // Private threads whose membership was not known yet are looked up, then the filters run again.
    return withSettledAccess(reader, () => keptAtSendTime(items, ctx));
  }

  /** Whether a request should defer before computing: no warm state yet, or a scorer known to be slow. */
  shouldDeferUpFront(guildId: string): boolean {
    const entry = this.cache.peek(guildId);
    if (!entry) return true;
    return Math.max(entry.state.probeMs, this.#recentMs.get(guildId) ?? 0) > DEFER_UP_FRONT_MS;
  }

  /** Null when the member is not in the guild (any more). */
  async recommend(request: RecommendRequest): Promise<RecommendOutcome | null> {
    const entry = await this.cache.get(request.guildId);
    return this.recommendWith(entry, request, this.#pipeline, this.optedOutMembers(request.guildId));
  }

  async recommendWith(
    entry: ServingEntry,
    request: RecommendRequest,
    pipeline: RecommendationPipeline,
    optedOutMembers: ReadonlySet<string>,
  ): Promise<RecommendOutcome | null> {
    const access = await this.#options.access.forMember(request.guildId, request.memberId);
    if (!access) return null;
    return this.runFor(entry, request, access, pipeline, optedOutMembers);
  }

  /**
   * The community digest: what every member who can read `audienceChannelId` (where it is posted) may view, scored
   * without a member (popularity and channel activity through the cold-start scorer). Null when the guild or the
   * channel is not available.
   */
  async recommendForAudience(
    entry: ServingEntry,
    request: Omit<RecommendRequest, 'memberId' | 'allowNsfw' | 'channelId'> & { audienceChannelId: string },
    pipeline: RecommendationPipeline,
    optedOutMembers: ReadonlySet<string>,
  ): Promise<RecommendOutcome | null> {
    const { audienceChannelId, ...rest } = request;
    const access = await this.#options.access.forReadersOf(request.guildId, audienceChannelId);
    if (!access) return null;
    return this.runFor(entry, { ...rest, memberId: '', allowNsfw: false }, access, pipeline, optedOutMembers);
  }

  /** Runs the pipeline against `access`, again once if private-thread memberships had to be looked up first. */
  async runFor(
    entry: ServingEntry,
    request: RecommendRequest,
    access: MemberAccess,
    pipeline: RecommendationPipeline,
    optedOutMembers: ReadonlySet<string>,
  ): Promise<RecommendOutcome> {
    const { state } = entry;
    const started = performance.now();
    const now = this.#options.now();
    const live = request.memberId === '' ? emptyLiveState() : this.#live.load(request.guildId, request.memberId, state.builtAt);
    const context = {
      state,
      fresh: entry.fresh.list(now),
      member: {
        guildId: request.guildId,
        memberId: request.memberId,
        member: state.memberIndex.get(request.memberId) ?? -1,
        ...live,
        optedOutMembers,
        canView: (channelId: string, threadId: string | null) => access.canView(channelId, threadId),
        isNsfw: (channelId: string) => access.isNsfw(channelId),
        allowNsfw: request.allowNsfw,
      },
      query: {
        count: request.count,
        channelId: request.channelId,
        since: request.since,
        perSourceLimit: request.perSourceLimit ?? this.#options.perSourceLimit ?? 200,
        now,
      },
    };
    const result = await withSettledAccess(access, () => pipeline.run(context));
    const ms = performance.now() - started;
    this.#recentMs.set(request.guildId, 0.8 * (this.#recentMs.get(request.guildId) ?? ms) + 0.2 * ms);
    return { ...result, state };
  }

  /**
   * Side effect: what was shown, where, and why (INSERT OR IGNORE: the first showing counts). Nothing for a member who
   * opted out: what they are shown is not recorded.
   */
  recordImpressions(
    guildId: string,
    memberId: string,
    surface: RecommendationSurface,
    items: readonly ShownItem[],
    method: string,
    shownAt: number,
    day: string | null = null,
  ): void {
    if (this.optedOutMembers(guildId).has(memberId)) return;
    inWriteTransaction(this.#options.sqlite, () => {
      items.forEach((item, rank) =>
        this.#queries.insertImpression({ guildId, memberId, postId: item.postId, surface, shownAt, rank, method, reason: item.reason, day }),
      );
    });
  }

  /**
   * Stores feedback (it filters the post from the next request on). 'unknown-post' when the post is unknown here or
   * the member may not view it now: the same answer, so a forged press learns nothing of a hidden post. Nothing is
   * recorded for a member who opted out ('opted-out').
   */
  async recordFeedback(guildId: string, memberId: string, postId: string, kind: FeedbackKind): Promise<'recorded' | 'unknown-post' | 'opted-out'> {
    if (this.optedOutMembers(guildId).has(memberId)) return 'opted-out';
    const facts = this.#queries.postFacts(postId, guildId);
    if (!facts) return 'unknown-post';
    const access = await this.#options.access.forMember(guildId, memberId);
    if (!access || !(await withSettledAccess(access, () => access.canView(facts.channelId, facts.threadId)))) return 'unknown-post';
    this.#queries.upsertFeedback({ guildId, memberId, postId, kind, authorId: facts.authorId, channelId: facts.channelId, at: this.#options.now() });
    return 'recorded';
  }
}

function emptyLiveState(): LiveMemberState {
  return { engagedSinceSnapshot: new Set(), authorsEngagedSinceSnapshot: new Set(), feedback: new Map(), digested: new Set() };
}

/**
 * Composes a day's digests: the community digest (the guild's best posts of the day that every member who can read
 * the digest channel may view) and
 * one personal digest per member who chose DM delivery, is still in the guild, is not marked "DMs closed" and was
 * active recently. Personal digests are stored once per member and day (INSERT OR IGNORE) with their DM enqueued in
 * the delivery outbox in the same transaction, in chunks that yield to the event loop, so a batch of 100k members
 * neither blocks the gateway nor, after a restart, composes a member twice.
 */
import type Database from 'better-sqlite3';
import { inWriteTransaction } from '../db/connection.js';
import { digestQueries, type DigestQueries } from '../db/queries/digest.js';
import { isOptedOutNow } from '../db/queries/opt-outs.js';
import type { Logger } from '../ops/log.js';
import { databasePostState } from '../recommend/live-post-state.js';
import type { LivePostState } from '../recommend/pipeline/types.js';
import type { RecommendationPipeline } from '../recommend/pipeline/pipeline.js';
import type { RecommendService } from '../recommend/recommend-service.js';
import type { ServingEntry } from '../recommend/serving/serving-cache.js';
import { enqueueDirectDigest } from './digest-deliveries.js';
import { toDigestItems, type DigestItem } from './digest-items.js';

const DAY_MS = 86_400_000;

export interface DigestComposerOptions {
  sqlite: Database.Database;
  recommend: RecommendService;
  log: Logger;
  now: () => number;
  /** Members with no post or reaction for this many days get no DM digest. */
  inactiveDays: number;
  /** How far back a personal digest looks (default 3 days; items already digested never come back). */
  personalWindowMs?: number;
  /** The community digest: the best posts of this window (default one day). */
  communityWindowMs?: number;
  /** Members composed per transaction before yielding (default 250). */
  chunkSize?: number;
  /** Candidates per source for one personal digest (default 60: bounds the cost per member). */
  perSourceLimit?: number;
}

export class DigestComposer {
  readonly #queries: DigestQueries;

  constructor(private readonly options: DigestComposerOptions) {
    const { sqlite } = options;
    this.#queries = digestQueries(sqlite);
  }

  get personalWindowMs(): number {
    return this.options.personalWindowMs ?? 3 * DAY_MS;
  }

  /** A deletion check for a whole batch: the window's deleted posts read once, not per member. */
  batchPostState(guildId: string, now: number): LivePostState {
    const deleted = new Set(this.#queries.deletedPostIdsSince(guildId, now - this.personalWindowMs - DAY_MS));
    return { deletedAmong: () => deleted };
  }

  /** A pipeline whose deletion check reads the database (one digest at a time: community, picks). */
  livePipeline(): RecommendationPipeline {
    return this.options.recommend.pipelineWith(databasePostState(this.options.sqlite));
  }

  /** The community digest posted in `channelId`: only what every member who can read that channel may view. */
  async community(
    entry: ServingEntry,
    guildId: string,
    channelId: string,
    size: number,
    pipeline: RecommendationPipeline,
  ): Promise<{ items: DigestItem[]; method: string }> {
    const now = this.options.now();
    const outcome = await this.options.recommend.recommendForAudience(
      entry,
      { guildId, audienceChannelId: channelId, count: size, since: now - (this.options.communityWindowMs ?? DAY_MS), perSourceLimit: 300 },
      pipeline,
      this.options.recommend.optedOutMembers(guildId),
    );
    return { items: outcome ? toDigestItems(outcome.items) : [], method: outcome?.method ?? 'none' };
  }

  /** One member's personal digest (DM batch, or "Show my picks"); null when they are not in the guild. */
  async personal(
    entry: ServingEntry,
    guildId: string,
    memberId: string,
    size: number,
    pipeline: RecommendationPipeline,
    optedOutMembers: ReadonlySet<string>,
  ): Promise<{ items: DigestItem[]; method: string } | null> {
    const outcome = await this.options.recommend.recommendWith(
      entry,
      {
        guildId,
        memberId,
        count: size,
        since: this.options.now() - this.personalWindowMs,
        allowNsfw: false,
        perSourceLimit: this.options.perSourceLimit ?? 60,
      },
      pipeline,
      optedOutMembers,
    );
    return outcome ? { items: toDigestItems(outcome.items), method: outcome.method } : null;
  }

  /**
   * Stores a composed personal digest, and for a DM with something in it enqueues its delivery (call it inside a
   * transaction); false when the member already has one for the day.
   */
  store(guildId: string, memberId: string, day: string, kind: 'dm' | 'picks', composed: { items: DigestItem[]; method: string }): boolean {
    const at = this.options.now();
    const stored = this.#queries.storeMemberDigest({ guildId, memberId, day, kind, items: composed.items, method: composed.method }, at);
    if (stored && kind === 'dm' && composed.items.length > 0) enqueueDirectDigest(this.options.sqlite, guildId, memberId, day, at);
    return stored;
  }

  /** Composes the DM digests of every due member without one for `day`. Returns how many were composed. */
  async composeDirectMessages(entry: ServingEntry, guildId: string, day: string, size: number, shouldStop: () => boolean): Promise<number> {
    const now = this.options.now();
    const activeSince = now - this.options.inactiveDays * DAY_MS;
    const members = this.#queries.dueDmMembers(guildId, day, activeSince);
    const pipeline = this.options.recommend.pipelineWith(this.batchPostState(guildId, now));
    const optedOut = this.options.recommend.optedOutMembers(guildId);
    const chunkSize = this.options.chunkSize ?? 250;
    let composed = 0;
    for (let start = 0; start < members.length; start += chunkSize) {
      if (shouldStop()) break;
      const chunk: { memberId: string; items: DigestItem[]; method: string }[] = [];
      for (const memberId of members.slice(start, start + chunkSize)) {
        const digest = await this.personal(entry, guildId, memberId, size, pipeline, optedOut);
        if (digest) chunk.push({ memberId, ...digest });
      }
      inWriteTransaction(this.options.sqlite, () => {
        for (const { memberId, items, method } of chunk) {
          // Read inside the transaction: a member who opted out while the chunk was composed gets nothing stored.
          if (isOptedOutNow(this.options.sqlite, guildId, memberId)) continue;
          if (this.store(guildId, memberId, day, 'dm', { items, method })) composed++;
        }
      });
      await new Promise((resolve) => setImmediate(resolve));
    }
    return composed;
  }
}

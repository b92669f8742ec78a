/**
 * Flags, reports and the review queue. Every write is one transaction that also appends to the audit table, so the
 * queue and its history never disagree. Flagging is idempotent per (post, reporter); resolving a case twice changes
 * nothing the second time (and notifies demotion subscribers once).
 */
import { inWriteTransaction, type DatabaseHandle } from '../db/connection.js';
import { moderationQueries, type ModerationQueries, type OpenCaseRow } from '../db/queries/moderation.js';
import type { AuditAction, FlagReason, FlagSource } from '../db/schema-moderation.js';
import type { PostDemotionSubscriber } from './demotions.js';

export interface FlagInput {
  guildId: string;
  postId: string;
  /** Null for the quality model. */
  reporterId: string | null;
  source: FlagSource;
  reason?: FlagReason;
  score?: number;
  at: number;
}

export type FlagOutcome = 'queued' | 'already-flagged' | 'already-reviewed' | 'unknown-post';

/** An open case with what a moderator needs to decide: the post, what it replies to, and the flags on it. */
export interface ReviewCase extends OpenCaseRow {
  moderatorFlags: number;
  memberReports: number;
  modelScore: number | null;
  reasons: FlagReason[];
}

export type ResolveOutcome = 'resolved' | 'not-open';

/** The open cases one moderator may see. */
export interface ReviewQueue {
  total: number;
  /** The case at `index` (0-based, oldest first); null past the end. */
  caseAt(index: number): ReviewCase | null;
  /** Whether the post's case is open and among these. */
  includes(postId: string): boolean;
}

const AUDIT_ACTION_OF: Record<FlagSource, AuditAction> = { moderator: 'flag', member: 'report', model: 'model_flag' };

export class ModerationService {
  readonly #handle: DatabaseHandle;
  readonly #queries: ModerationQueries;
  readonly #subscribers: PostDemotionSubscriber[];

  constructor(handle: DatabaseHandle, subscribers: readonly PostDemotionSubscriber[] = []) {
    this.#handle = handle;
    this.#queries = moderationQueries(handle.sqlite);
    this.#subscribers = [...subscribers];
  }

  /** Adds a subscriber (src/app/bot.ts wires the economy's point reversal here). */
  onDemotion(subscriber: PostDemotionSubscriber): void {
    this.#subscribers.push(subscriber);
  }

  /**
   * Records a flag and queues the post. A post a moderator already reviewed is not re-queued by member reports or
   * the model (that would undo a dismissal by volume); a moderator's own flag re-opens a dismissed case.
   */
  flag(input: FlagInput): FlagOutcome {
    const queries = this.#queries;
    return inWriteTransaction(this.#handle.sqlite, (): FlagOutcome => {
      if (queries.livePostGuild(input.postId) !== input.guildId) return 'unknown-post';
      const inserted = queries.insertFlag({
        guildId: input.guildId,
        postId: input.postId,
        reporterId: input.reporterId,
        source: input.source,
        reason: input.reason ?? 'none',
        score: input.score ?? null,
        at: input.at,
      });
      if (!inserted) return 'already-flagged';
      this.#audit(input.guildId, input.reporterId, AUDIT_ACTION_OF[input.source], input.postId, input.reason ?? null, input.at);
      const status = queries.reviewStatus(input.postId);
      if (status === undefined) {
        queries.openReview(input.postId, input.guildId, input.at);
        return 'queued';
      }
      if (status === 'dismissed' && input.source === 'moderator') {
        queries.reopenReview(input.postId, input.at);
        return 'queued';
      }
      return status === 'open' ? 'queued' : 'already-reviewed';
    });
  }

  /** Sets the reason of the reporter's own flag; false when they have no flag on that post. */
  setReason(guildId: string, postId: string, reporterId: string, reason: FlagReason, at: number): boolean {
    return inWriteTransaction(this.#handle.sqlite, () => {
      const changed = this.#queries.setFlagReason(guildId, postId, reporterId, reason);
      if (changed) this.#audit(guildId, reporterId, 'reason', postId, reason, at);
      return changed;
    });
  }

  /**
   * How many posts wait for review, in every channel (deleted posts are left out: there is nothing left to demote).
   * A figure for jobs and logs: what a moderator is shown comes from `queueFor`.
   */
  openCount(guildId: string): number {
    return this.#queries.openCaseCount(guildId);
  }

  /**
   * The open queue (oldest first) as a moderator sees it: only cases whose post is in a channel or thread they may
   * view (`canView`), counted and paged among themselves, so the queue tells nothing of the others.
   */
  queueFor(guildId: string, canView: (channelId: string, threadId: string | null) => boolean): ReviewQueue {
    const visible = this.#queries.openCaseLocations(guildId).filter((c) => canView(c.channelId, c.threadId));
    return {
      total: visible.length,
      includes: (postId) => visible.some((c) => c.postId === postId),
      caseAt: (index) => {
        const location = visible[Math.max(0, index)];
        return location ? this.#reviewCase(guildId, location.postId) : null;
      },
    };
  }

  #reviewCase(guildId: string, postId: string): ReviewCase | null {
    const row = this.#queries.openCase(guildId, postId);
    if (!row) return null;
    const flags = this.#queries.flagsOfPost(row.postId);
    return {
      ...row,
      moderatorFlags: flags.filter((f) => f.source === 'moderator').length,
      memberReports: flags.filter((f) => f.source === 'member').length,
      modelScore: flags.find((f) => f.source === 'model')?.score ?? null,
      reasons: [...new Set(flags.map((f) => f.reason).filter((r) => r !== 'none'))],
    };
  }

  /**
   * Confirms the post low quality: the case closes, the post is demoted everywhere (post_demotions), and every
   * subscriber runs inside the same transaction. Nothing happens when the case is not open.
   */
  confirm(guildId: string, postId: string, moderatorId: string, at: number): ResolveOutcome {
    const { sqlite, db } = this.#handle;
    return inWriteTransaction(sqlite, (): ResolveOutcome => {
      if (!this.#queries.closeReview(guildId, postId, 'confirmed', moderatorId, at)) return 'not-open';
      this.#queries.demote(postId, guildId, moderatorId, at);
      this.#audit(guildId, moderatorId, 'confirm', postId, null, at);
      const authorId = this.#queries.postAuthor(postId);
      // Reviews are opened for stored posts only, and erasing a post erases its review.
      if (authorId === undefined) throw new Error(`the post of open review ${postId} is not stored`);
      for (const subscriber of this.#subscribers) subscriber({ sqlite, db }, { guildId, postId, authorId, moderatorId, at });
      return 'resolved';
    });
  }

  /** Dismisses the flags: the post stays where it is. */
  dismiss(guildId: string, postId: string, moderatorId: string, at: number): ResolveOutcome {
    return inWriteTransaction(this.#handle.sqlite, (): ResolveOutcome => {
      if (!this.#queries.closeReview(guildId, postId, 'dismissed', moderatorId, at)) return 'not-open';
      this.#audit(guildId, moderatorId, 'dismiss', postId, null, at);
      return 'resolved';
    });
  }

  #audit(guildId: string, actorId: string | null, action: AuditAction, postId: string, reason: FlagReason | null, at: number): void {
    this.#queries.audit({ guildId, actorId, action, postId, reason, at });
  }
}

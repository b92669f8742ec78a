/**
 * Flags, reports and the review queue. Every write is one transaction that also appends to the audit table, so the
 * queue and its history never disagree. Flagging is idempotent per (post, reporter); resolving a case twice changes
 * nothing the second time (and notifies demotion subscribers once).
 */
import type { DatabaseHandle } from '../db/connection.js';
import type { AuditAction, FlagReason, FlagSource, ReviewStatus } from '../db/schema-moderation.js';
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

export interface ReviewCase {
  postId: string;
  guildId: string;
  channelId: string;
  threadId: string | null;
  authorId: string;
  createdAt: number;
  content: string | null;
  attachmentCount: number;
  replyToId: string | null;
  replyToContent: string | null;
  openedAt: number;
  moderatorFlags: number;
  memberReports: number;
  modelScore: number | null;
  reasons: FlagReason[];
}

export type ResolveOutcome = 'resolved' | 'not-open';

const AUDIT_ACTION_OF: Record<FlagSource, AuditAction> = { moderator: 'flag', member: 'report', model: 'model_flag' };

export class ModerationService {
  readonly #handle: DatabaseHandle;
  readonly #subscribers: PostDemotionSubscriber[];

  constructor(handle: DatabaseHandle, subscribers: readonly PostDemotionSubscriber[] = []) {
    this.#handle = handle;
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
    const { sqlite } = this.#handle;
    return sqlite.transaction((): FlagOutcome => {
      const post = sqlite.prepare('SELECT guild_id AS guildId FROM posts WHERE id = ? AND deleted_at IS NULL').get(input.postId) as
        | { guildId: string }
        | undefined;
      if (!post || post.guildId !== input.guildId) return 'unknown-post';
      const inserted = sqlite
        .prepare(
          `INSERT INTO post_flags (guild_id, post_id, reporter_id, source, reason, score, at)
           VALUES (@guildId, @postId, @reporterId, @source, @reason, @score, @at) ON CONFLICT DO NOTHING`,
        )
        .run({ ...input, reason: input.reason ?? 'none', score: input.score ?? null });
      if (inserted.changes === 0) return 'already-flagged';
      this.#audit(input.guildId, input.reporterId, AUDIT_ACTION_OF[input.source], input.postId, input.reason ?? null, input.at);
      const review = sqlite.prepare('SELECT status FROM moderation_reviews WHERE post_id = ?').get(input.postId) as
        | { status: ReviewStatus }
        | undefined;
      if (!review) {
        sqlite
          .prepare(`INSERT INTO moderation_reviews (post_id, guild_id, status, opened_at) VALUES (?, ?, 'open', ?)`)
          .run(input.postId, input.guildId, input.at);
        return 'queued';
      }
      if (review.status === 'dismissed' && input.source === 'moderator') {
        sqlite
          .prepare(`UPDATE moderation_reviews SET status = 'open', opened_at = ?, resolved_by = NULL, resolved_at = NULL WHERE post_id = ?`)
          .run(input.at, input.postId);
        return 'queued';
      }
      return review.status === 'open' ? 'queued' : 'already-reviewed';
    })();
  }

  /** Sets the reason of the reporter's own flag; false when they have no flag on that post. */
  setReason(guildId: string, postId: string, reporterId: string, reason: FlagReason, at: number): boolean {
    const { sqlite } = this.#handle;
    return sqlite.transaction(() => {
      const changed = sqlite
        .prepare('UPDATE post_flags SET reason = ? WHERE guild_id = ? AND post_id = ? AND reporter_id = ?')
        .run(reason, guildId, postId, reporterId).changes;
      if (changed > 0) this.#audit(guildId, reporterId, 'reason', postId, reason, at);
      return changed > 0;
    })();
  }

  /** How many posts wait for review (deleted posts are left out: there is nothing left to demote). */
  openCount(guildId: string): number {
    const row = this.#handle.sqlite
      .prepare(
        `SELECT COUNT(*) AS n FROM moderation_reviews r JOIN posts p ON p.id = r.post_id
         WHERE r.guild_id = ? AND r.status = 'open' AND p.deleted_at IS NULL`,
      )
      .get(guildId) as { n: number };
    return row.n;
  }

  /** The open case at `index` (oldest first), with what a moderator needs to decide; null past the end. */
  openCaseAt(guildId: string, index: number): ReviewCase | null {
    const { sqlite } = this.#handle;
    const row = sqlite
      .prepare(
        `SELECT r.post_id AS postId, r.guild_id AS guildId, r.opened_at AS openedAt, p.channel_id AS channelId,
                p.thread_id AS threadId, p.author_id AS authorId, p.created_at AS createdAt, p.content AS content,
                p.attachment_count AS attachmentCount, p.reply_to_id AS replyToId, t.content AS replyToContent
           FROM moderation_reviews r JOIN posts p ON p.id = r.post_id LEFT JOIN posts t ON t.id = p.reply_to_id
          WHERE r.guild_id = ? AND r.status = 'open' AND p.deleted_at IS NULL
          ORDER BY r.opened_at, r.post_id LIMIT 1 OFFSET ?`,
      )
      .get(guildId, Math.max(0, index)) as Omit<ReviewCase, 'moderatorFlags' | 'memberReports' | 'modelScore' | 'reasons'> | undefined;
    if (!row) return null;
    const flags = sqlite.prepare('SELECT source, reason, score FROM post_flags WHERE post_id = ?').all(row.postId) as {
      source: FlagSource;
      reason: FlagReason;
      score: number | null;
    }[];
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
    return sqlite.transaction((): ResolveOutcome => {
      if (!this.#close(guildId, postId, 'confirmed', moderatorId, at)) return 'not-open';
      sqlite
        .prepare('INSERT INTO post_demotions (post_id, guild_id, moderator_id, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
        .run(postId, guildId, moderatorId, at);
      this.#audit(guildId, moderatorId, 'confirm', postId, null, at);
      const { authorId } = sqlite.prepare('SELECT author_id AS authorId FROM posts WHERE id = ?').get(postId) as { authorId: string };
      for (const subscriber of this.#subscribers) subscriber({ sqlite, db }, { guildId, postId, authorId, moderatorId, at });
      return 'resolved';
    })();
  }

  /** Dismisses the flags: the post stays where it is. */
  dismiss(guildId: string, postId: string, moderatorId: string, at: number): ResolveOutcome {
    const { sqlite } = this.#handle;
    return sqlite.transaction((): ResolveOutcome => {
      if (!this.#close(guildId, postId, 'dismissed', moderatorId, at)) return 'not-open';
      this.#audit(guildId, moderatorId, 'dismiss', postId, null, at);
      return 'resolved';
    })();
  }

  #close(guildId: string, postId: string, status: ReviewStatus, moderatorId: string, at: number): boolean {
    return (
      this.#handle.sqlite
        .prepare(
          `UPDATE moderation_reviews SET status = ?, resolved_by = ?, resolved_at = ?
           WHERE guild_id = ? AND post_id = ? AND status = 'open'`,
        )
        .run(status, moderatorId, at, guildId, postId).changes > 0
    );
  }

  #audit(guildId: string, actorId: string | null, action: AuditAction, postId: string, reason: FlagReason | null, at: number): void {
    this.#handle.sqlite
      .prepare('INSERT INTO moderation_audit (guild_id, actor_id, action, post_id, reason, at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(guildId, actorId, action, postId, reason, at);
  }
}

/**
 * Derives ledger entries from the recorded activity (posts, reactions, replies, members' join times), whatever
 * wrote it: the gateway, the start-up backfill after downtime, or an import. The ledger is the sync's only memory:
 *
 * - an event pays when its source key is not in the ledger yet (so a replayed event, or the same post seen by the
 *   gateway and again by the backfill, pays once);
 * - a paid event whose activity is gone (reaction removed, message deleted) gets its compensating entry, once;
 * - events that pay nothing under the anti-farming rules are written with delta 0 and the rule that applied, so they
 *   are decided once and the audit trail says why.
 *
 * `reconcilePosts` looks at given posts (the ones an ingest batch touched); `sweep` walks all posts in rowid windows
 * and reconciles those whose ledger is out of step (start-up, periodically: catches imports and anything written
 * while the process was down). Both are idempotent and safe to interrupt: each window is one transaction.
 */
import type Database from 'better-sqlite3';
import { ERASED_PREFIX, isErasedId } from '../privacy/pseudonym.js';
import type { EconomyConfig } from './config.js';
import { reversalKey, type Ledger } from './ledger.js';
import { decideAward, utcDay, type ActivityReason } from './rules.js';

interface PostFacts {
  id: string;
  guildId: string;
  authorId: string;
  authorIsBot: number;
  createdAt: number;
  deletedAt: number | null;
  replyToAuthorId: string | null;
}

interface Candidate {
  reason: ActivityReason;
  guildId: string;
  receiverId: string;
  actorId: string;
  postId: string;
  sourceKey: string;
  at: number;
}

/** Members who were just paid something: badges and role rewards are re-evaluated for them. */
export type TouchedMembers = Map<string, Set<string>>;

export function touch(touched: TouchedMembers, guildId: string, memberId: string): void {
  let members = touched.get(guildId);
  if (!members) touched.set(guildId, (members = new Set()));
  members.add(memberId);
}

const SWEEP_WINDOW = 5_000;

export class EconomySync {
  private readonly s: Record<string, Database.Statement>;
  private batchConfig: (guildId: string) => EconomyConfig;

  constructor(
    sqlite: Database.Database,
    private readonly ledger: Ledger,
    private readonly configOf: (guildId: string) => EconomyConfig,
  ) {
    this.batchConfig = configOf;
    const p = (sql: string) => sqlite.prepare(sql);
    this.s = {
      post: p(`SELECT p.id, p.guild_id AS guildId, p.author_id AS authorId,
          (p.author_is_bot OR EXISTS (SELECT 1 FROM members b WHERE b.guild_id = p.guild_id AND b.user_id = p.author_id AND b.is_bot = 1)) AS authorIsBot,
          p.created_at AS createdAt, p.deleted_at AS deletedAt,
          CASE WHEN p.reply_to_id IS NULL THEN NULL ELSE COALESCE(p.reply_to_author_id, t.author_id) END AS replyToAuthorId
        FROM posts p LEFT JOIN posts t ON t.id = p.reply_to_id WHERE p.id = ?`),
      held: p(`SELECT 1 FROM economy_post_holds WHERE post_id = ?`),
      reactors: p(`SELECT user_id AS userId, MIN(at) AS at FROM reactions WHERE message_id = ? GROUP BY user_id`),
      entriesOfPost: p(`SELECT source_key AS sourceKey, reason, kind, delta, actor_id AS actorId FROM points_ledger WHERE post_id = ?`),
      member: p(`SELECT is_bot AS isBot, joined_at AS joinedAt FROM members WHERE guild_id = ? AND user_id = ?`),
      earned: p(`SELECT COALESCE(SUM(delta), 0) AS n FROM points_ledger
        WHERE guild_id = @guildId AND member_id = @memberId AND reason = @reason AND kind = 'award' AND at >= @start AND at < @end`),
      // Two lookups on the member index (an OR over both directions would scan the guild's whole day).
      pairRewards: p(`SELECT
          (SELECT COUNT(*) FROM points_ledger WHERE guild_id = @guildId AND member_id = @a AND at >= @start AND at < @end
             AND actor_id = @b AND kind = 'award' AND delta > 0 AND reason IN ('reaction_received', 'reply_received'))
        + (SELECT COUNT(*) FROM points_ledger WHERE guild_id = @guildId AND member_id = @b AND at >= @start AND at < @end
             AND actor_id = @a AND kind = 'award' AND delta > 0 AND reason IN ('reaction_received', 'reply_received')) AS n`),
      paidPostNear: p(`SELECT 1 FROM points_ledger
        WHERE guild_id = @guildId AND member_id = @memberId AND reason = 'post' AND kind = 'award' AND delta > 0
          AND at > @from AND at < @to LIMIT 1`),
      maxPostRowid: p(`SELECT COALESCE(MAX(rowid), 0) AS n FROM posts`),
      // Posts in a rowid window whose ledger is out of step with their activity (see reconcilePost).
      outOfStep: p(`SELECT p.id FROM posts p WHERE p.rowid > @lo AND p.rowid <= @hi AND p.author_is_bot = 0 AND (
          (p.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM points_ledger l WHERE l.source_key = 'post:' || p.id))
          OR (p.deleted_at IS NULL AND p.reply_to_id IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM points_ledger l WHERE l.source_key = 'reply:' || p.id))
          OR EXISTS (SELECT 1 FROM reactions x WHERE x.message_id = p.id
              AND NOT EXISTS (SELECT 1 FROM points_ledger l WHERE l.source_key = 'reaction:' || p.id || ':' || x.user_id))
          OR EXISTS (SELECT 1 FROM points_ledger l WHERE l.post_id = p.id AND l.kind = 'award' AND l.delta <> 0
              AND l.reason IN ('post', 'reply_received', 'reaction_received')
              AND NOT EXISTS (SELECT 1 FROM points_ledger r WHERE r.source_key = 'reverse:' || l.source_key)
              AND (p.deleted_at IS NOT NULL OR (l.reason = 'reaction_received' AND COALESCE(l.actor_id, '') NOT LIKE '${ERASED_PREFIX}%'
                   AND NOT EXISTS (SELECT 1 FROM reactions x WHERE x.message_id = p.id AND x.user_id = l.actor_id)))))`),
    };
  }

  /** Brings the ledger in step with the given posts' activity, in one transaction. */
  reconcilePosts(postIds: Iterable<string>, now: number, touched: TouchedMembers = new Map()): TouchedMembers {
    const ids = [...new Set(postIds)];
    if (ids.length === 0) return touched;
    // One read of each guild's settings per batch, not one per event.
    const configs = new Map<string, EconomyConfig>();
    this.batchConfig = (guildId) => {
      let config = configs.get(guildId);
      if (!config) configs.set(guildId, (config = this.configOf(guildId)));
      return config;
    };
    this.ledger.transaction(() => {
      const candidates: Candidate[] = [];
      for (const id of ids) {
        const post = this.s.post!.get(id) as PostFacts | undefined;
        if (post) this.reconcilePost(post, now, candidates);
      }
      // Caps and cooldowns depend on what was paid before: decide in the order things happened.
      candidates.sort((a, b) => a.at - b.at || (a.sourceKey < b.sourceKey ? -1 : 1));
      for (const candidate of candidates) {
        if (this.award(candidate, now)) touch(touched, candidate.guildId, candidate.receiverId);
      }
    });
    return touched;
  }

  /**
   * Reconciles every post whose ledger is out of step, one rowid window per transaction, yielding between windows
   * so the gateway and interactions keep flowing during a long sweep.
   */
  async sweep(now: () => number, touched: TouchedMembers = new Map(), yieldBetween: () => Promise<void> = defaultYield): Promise<TouchedMembers> {
    const max = (this.s.maxPostRowid!.get() as { n: number }).n;
    for (let lo = 0; lo < max; lo += SWEEP_WINDOW) {
      const ids = (this.s.outOfStep!.all({ lo, hi: lo + SWEEP_WINDOW }) as { id: string }[]).map((r) => r.id);
      this.reconcilePosts(ids, now(), touched);
      await yieldBetween();
    }
    return touched;
  }

  private reconcilePost(post: PostFacts, now: number, candidates: Candidate[]): void {
    if (post.authorIsBot) return;
    const entries = this.s.entriesOfPost!.all(post.id) as { sourceKey: string; reason: string; kind: string; delta: number; actorId: string | null }[];
    const keys = new Set(entries.map((e) => e.sourceKey));
    const live = post.deletedAt === null;
    const reactors = live ? (this.s.reactors!.all(post.id) as { userId: string; at: number }[]) : [];

    if (live) {
      const base = { guildId: post.guildId, postId: post.id };
      const propose = (candidate: Candidate) => {
        if (!keys.has(candidate.sourceKey)) candidates.push(candidate);
      };
      propose({ ...base, reason: 'post', receiverId: post.authorId, actorId: post.authorId, sourceKey: `post:${post.id}`, at: post.createdAt });
      if (post.replyToAuthorId !== null && !this.isBot(post.guildId, post.replyToAuthorId)) {
        propose({ ...base, reason: 'reply_received', receiverId: post.replyToAuthorId, actorId: post.authorId, sourceKey: `reply:${post.id}`, at: post.createdAt });
      }
      for (const reactor of reactors) {
        if (this.isBot(post.guildId, reactor.userId)) continue;
        const sourceKey = `reaction:${post.id}:${reactor.userId}`;
        propose({ ...base, reason: 'reaction_received', receiverId: post.authorId, actorId: reactor.userId, sourceKey, at: reactor.at });
      }
    }

    // Paid activity that no longer exists gets its compensating entry.
    const stillReacting = new Set(reactors.map((r) => r.userId));
    for (const entry of entries) {
      if (entry.kind !== 'award' || entry.delta === 0 || keys.has(reversalKey(entry.sourceKey))) continue;
      if (entry.reason !== 'post' && entry.reason !== 'reply_received' && entry.reason !== 'reaction_received') continue;
      // A reaction whose member was erased is gone from `reactions` because of the erasure, not because it was
      // removed: the points it earned the post's author are that author's and stay (src/privacy/personal-data-economy.ts).
      const gone =
        !live || (entry.reason === 'reaction_received' && !isErasedId(entry.actorId) && !stillReacting.has(entry.actorId ?? ''));
      if (!gone) continue;
      const at = live ? now : (post.deletedAt ?? now);
      // Badges are kept and role rewards are never taken back, so a reversal needs no re-evaluation.
      this.ledger.reverse(entry.sourceKey, live ? 'reaction_removed' : 'message_deleted', at, now);
    }
  }

  /** Writes the candidate's ledger row; true when it paid something (its receiver may have reached a badge). */
  private award(candidate: Candidate, now: number): boolean {
    const config = this.batchConfig(candidate.guildId);
    const day = utcDay(candidate.at);
    const actor = this.memberRow(candidate.guildId, candidate.actorId);
    const cooldownMs = config.postCooldownSeconds * 1000;
    const decision = decideAward(
      candidate.reason,
      {
        receiverId: candidate.receiverId,
        actorId: candidate.actorId,
        at: candidate.at,
        actorJoinedAt: actor?.joinedAt ?? null,
        earnedToday: (this.s.earned!.get({ guildId: candidate.guildId, memberId: candidate.receiverId, reason: candidate.reason, ...day }) as { n: number }).n,
        pairRewardsToday:
          candidate.reason === 'post'
            ? 0
            : (this.s.pairRewards!.get({ guildId: candidate.guildId, a: candidate.receiverId, b: candidate.actorId, ...day }) as { n: number }).n,
        paidPostWithinCooldown:
          candidate.reason === 'post' && cooldownMs > 0
            ? this.s.paidPostNear!.get({ guildId: candidate.guildId, memberId: candidate.receiverId, from: candidate.at - cooldownMs, to: candidate.at + cooldownMs }) !== undefined
            : false,
        postHeld: this.isHeld(candidate.postId),
      },
      config,
    );
    const written = this.ledger.append(
      {
        guildId: candidate.guildId,
        memberId: candidate.receiverId,
        delta: decision.delta,
        reason: candidate.reason,
        kind: 'award',
        denial: decision.denial,
        sourceKey: candidate.sourceKey,
        postId: candidate.postId,
        actorId: candidate.reason === 'post' ? null : candidate.actorId,
        at: candidate.at,
      },
      now,
    );
    return written && decision.delta > 0;
  }

  private isHeld(postId: string): boolean {
    return this.s.held!.get(postId) !== undefined;
  }

  private memberRow(guildId: string, userId: string): { isBot: number; joinedAt: number | null } | undefined {
    return this.s.member!.get(guildId, userId) as { isBot: number; joinedAt: number | null } | undefined;
  }

  private isBot(guildId: string, userId: string): boolean {
    return this.memberRow(guildId, userId)?.isBot === 1;
  }
}

function defaultYield(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

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
import { economyQueries, type EconomyQueries, type PostRewardFacts } from '../db/queries/economy.js';
import { settingsQueries, type GuildSettings, type SettingsQueries } from '../db/queries/settings.js';
import { localDayRange } from '../lib/zoned-time.js';
import { isOptedOutNow } from '../db/queries/opt-outs.js';
import { ERASED_PREFIX, isErasedId } from '../privacy/pseudonym.js';
import type { EconomyConfig } from './config.js';
import { reversalKey, type Ledger } from './ledger.js';
import { decideAward, type ActivityReason } from './rules.js';

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
  private readonly queries: EconomyQueries;
  private readonly settings: SettingsQueries;
  private batchConfig: (guildId: string) => EconomyConfig;
  private batchSettings: (guildId: string) => GuildSettings;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly ledger: Ledger,
    private readonly configOf: (guildId: string) => EconomyConfig,
  ) {
    this.batchConfig = configOf;
    this.queries = economyQueries(sqlite);
    this.settings = settingsQueries(sqlite);
    this.batchSettings = (guildId) => this.settings.get(guildId);
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
    const settings = new Map<string, GuildSettings>();
    this.batchSettings = (guildId) => {
      let found = settings.get(guildId);
      if (!found) settings.set(guildId, (found = this.settings.get(guildId)));
      return found;
    };
    this.ledger.transaction(() => {
      const candidates: Candidate[] = [];
      for (const id of ids) {
        const post = this.queries.postRewardFacts(id);
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
    const max = this.queries.maxPostRowid();
    for (let lo = 0; lo < max; lo += SWEEP_WINDOW) {
      const ids = this.queries.postsOutOfStep(lo, lo + SWEEP_WINDOW, ERASED_PREFIX);
      this.reconcilePosts(ids, now(), touched);
      await yieldBetween();
    }
    return touched;
  }

  private reconcilePost(post: PostRewardFacts, now: number, candidates: Candidate[]): void {
    if (post.authorIsBot) return;
    // An economy that is off records nothing; one turned on again pays what happens from that moment.
    const onSince = this.batchSettings(post.guildId).economyOnSince;
    if (onSince === null) return;
    const entries = this.queries.ledgerEntriesOfPost(post.id);
    const keys = new Set(entries.map((e) => e.sourceKey));
    const live = post.deletedAt === null;
    const reactors = live ? this.queries.firstReactions(post.id) : [];

    if (live) {
      const base = { guildId: post.guildId, postId: post.id };
      // A member who opted out earns nothing from then on, not even from others' reactions to their earlier posts:
      // no row about them is written (read in this transaction, so an opt-out committed before it holds).
      const propose = (candidate: Candidate) => {
        if (!keys.has(candidate.sourceKey) && candidate.at >= onSince && !isOptedOutNow(this.sqlite, candidate.guildId, candidate.receiverId)) {
          candidates.push(candidate);
        }
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
      // removed: the points it earned the post's author are that author's and stay (src/db/queries/personal-data/economy-tables.ts).
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
    // Daily caps count the guild's own days (its time zone).
    const day = localDayRange(candidate.at, this.batchSettings(candidate.guildId).timeZone);
    const actor = this.queries.memberRewardFacts(candidate.guildId, candidate.actorId);
    const cooldownMs = config.postCooldownSeconds * 1000;
    const decision = decideAward(
      candidate.reason,
      {
        receiverId: candidate.receiverId,
        actorId: candidate.actorId,
        at: candidate.at,
        actorJoinedAt: actor?.joinedAt ?? null,
        earnedToday: this.queries.awardedIn({ guildId: candidate.guildId, memberId: candidate.receiverId, reason: candidate.reason, ...day }),
        pairRewardsToday: candidate.reason === 'post' ? 0 : this.queries.pairRewardsIn(candidate.guildId, candidate.receiverId, candidate.actorId, day),
        paidPostWithinCooldown:
          candidate.reason === 'post' && cooldownMs > 0
            ? this.queries.paidPostBetween(candidate.guildId, candidate.receiverId, candidate.at - cooldownMs, candidate.at + cooldownMs)
            : false,
        postHeld: this.queries.isPostHeld(candidate.postId),
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

  private isBot(guildId: string, userId: string): boolean {
    return this.queries.memberRewardFacts(guildId, userId)?.isBot ?? false;
  }
}

function defaultYield(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

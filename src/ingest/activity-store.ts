/**
 * Applies IngestOps to the database. This is the ingest hot path: its statements (src/db/queries/ingest.ts) are
 * better-sqlite3 statements prepared once per connection.
 *
 * Rules enforced here, for every source alike:
 * - every op is idempotent (rows are keyed by Discord ids, or by composites of them);
 * - bots are recorded as such; their reactions are not stored, and the member_relations view leaves them out;
 * - a deleted message keeps its row (marked deleted) but loses content, mentions, reactions (and so the
 *   relations they produced) and its quality score;
 * - an op that refers to something we never stored (a reaction on an unknown message, a post in an unknown guild)
 *   is skipped, never invented;
 * - members who opted out are left out (opt-out-filter.ts), checked against the opt-out list inside the batch's
 *   own write transaction: an opt-out or erasure committed by any process or shard before the batch holds for it,
 *   whichever writer (gateway, backfill, import) the batch came from.
 */
import type Database from 'better-sqlite3';
import { ingestQueries, type IngestQueries } from '../db/queries/ingest.js';
import { OptOutList } from '../db/queries/opt-outs.js';
import { withoutOptedOutIds, withoutOptedOutMembers } from './opt-out-filter.js';
import type { IngestOp, PostRecord, ReactionRecord } from './records.js';
import { memberSnapshot } from './records.js';
import { compareSnowflakes } from '../lib/snowflake.js';

/**
 * Who a new thread post's author is linked with (thread co-participation): each other member who posted in the
 * thread, with the time from which both had. The default asks the database for every post; an import, which holds
 * the write lock for a whole file, keeps the threads it touches in memory instead (import/thread-partners.ts).
 */
export interface ThreadPartnerIndex {
  partnersOf(post: PostRecord, threadId: string): { partnerId: string; at: number }[];
}

/** Rows the store created, by table: an import reports what it added without counting whole tables. */
export interface CreatedRows {
  posts: number;
  reactions: number;
}

export class ActivityStore {
  private readonly q: IngestQueries;
  private readonly threads: ThreadPartnerIndex;
  readonly created: CreatedRows = { posts: 0, reactions: 0 };
  private readonly botIds = new Set<string>();
  /** Last member row written per guild:user; every message carries its author, and most are unchanged. */
  private readonly memberSnapshots = new Map<string, string>();
  private readonly applyBatch: Database.Transaction<(ops: readonly IngestOp[]) => void>;
  private readonly optOuts: OptOutList;

  constructor(
    private readonly sqlite: Database.Database,
    options: { threads?: ThreadPartnerIndex } = {},
  ) {
    this.q = ingestQueries(sqlite);
    this.optOuts = new OptOutList(sqlite);
    this.threads = options.threads ?? databaseThreadPartners(this.q);
    for (const id of this.q.botUserIds()) this.botIds.add(id);
    this.applyBatch = sqlite.transaction((ops: readonly IngestOp[]) => {
      // Inside the write transaction: no opt-out can commit between this read and the batch's writes.
      const { isOptedOut } = this.optOuts.refresh();
      for (const incoming of ops) {
        const op = withoutOptedOutMembers(incoming, isOptedOut);
        if (op !== null) this.applyOne(op);
      }
    });
  }

  /** Applies the ops in one transaction: all of them or none. */
  apply(ops: readonly IngestOp[]): void {
    if (ops.length === 0) return;
    try {
      // IMMEDIATE: a batch reads (is the post stored? who posted in the thread?) before it writes, and the bot's main
      // connection or a CLI import may commit in between; a deferred transaction would fail with SQLITE_BUSY_SNAPSHOT.
      this.applyBatch.immediate(ops);
    } catch (error) {
      // The transaction rolled back: snapshots taken inside it describe rows that no longer exist.
      this.memberSnapshots.clear();
      throw error;
    }
  }

  /**
   * Applies the ops inside the caller's write transaction, without a savepoint of their own: an import writes a
   * whole file in one transaction, batch by batch, and SQLite's cost per savepoint grows with everything the
   * transaction wrote before it (an import of 30,000 messages in savepoints ran 15 times slower). If an op fails,
   * the caller's transaction must be rolled back, and this store dropped with it.
   */
  applyInTransaction(ops: readonly IngestOp[]): void {
    if (!this.sqlite.inTransaction) throw new Error('applyInTransaction needs an open transaction');
    for (const op of ops) this.applyOne(op);
  }

  hasPost(messageId: string): boolean {
    return this.q.postFacts(messageId) !== undefined;
  }

  /** Members currently in the guild, as stored. */
  presentMemberIds(guildId: string): string[] {
    return this.q.presentMemberIds(guildId);
  }

  /** Channels (threads included) not marked deleted. */
  liveChannels(guildId: string): { id: string; kind: string }[] {
    return this.q.liveChannels(guildId);
  }

  /** Undeleted posts of a channel (or thread) with ids in (afterId, uptoId]: what a history page must contain. */
  storedPostIdsBetween(location: { channelId: string } | { threadId: string }, afterId: string, uptoId: string): string[] {
    return 'threadId' in location
      ? this.q.storedPostIdsBetween('thread', location.threadId, afterId, uptoId)
      : this.q.storedPostIdsBetween('channel', location.channelId, afterId, uptoId);
  }

  /** How many members we hold as having reacted with this emoji. */
  reactorCount(messageId: string, emoji: string): number {
    return this.q.reactorCount(messageId, emoji);
  }

  /** Emojis we hold reactions for on a message. */
  storedEmojisOf(messageId: string): string[] {
    return this.q.emojisOf(messageId);
  }

  checkpointOf(channelId: string): string | null {
    return this.q.checkpointOf(channelId);
  }

  private applyOne(op: IngestOp): void {
    const q = this.q;
    switch (op.kind) {
      case 'guild':
        q.upsertGuild(op.guild, op.at);
        return;
      case 'guildLeft':
        q.guildLeft(op.guildId, op.at);
        return;
      case 'channel':
        q.upsertChannel(op.channel, op.at);
        return;
      case 'channelDeleted':
        q.channelDeleted(op.channelId, op.at);
        return;
      case 'member': {
        const { member } = op;
        if (member.isBot) this.botIds.add(member.userId);
        const key = `${member.guildId}:${member.userId}`;
        const snapshot = memberSnapshot(member);
        if (this.memberSnapshots.get(key) === snapshot) return;
        q.upsertMember(member, op.at);
        this.memberSnapshots.set(key, snapshot);
        return;
      }
      case 'memberLeft':
        this.memberSnapshots.delete(`${op.guildId}:${op.userId}`);
        q.memberLeft(op.guildId, op.userId, op.at);
        return;
      case 'post':
        this.insertPost(op.post);
        return;
      case 'postEdited': {
        let { edit } = op;
        // The edit names no author: an opted-out member's earlier post keeps what was stored before, unedited.
        const stored = q.postFacts(edit.id);
        if (stored && this.optOuts.isOptedOut(stored.guildId, stored.authorId)) return;
        if (stored) edit = { ...edit, content: withoutOptedOutIds(edit.content, stored.guildId, this.optOuts.isOptedOut) };
        if (q.editPost(edit) && edit.mentionedUserIds && stored) {
          q.deleteMentions(edit.id);
          const mentioned = edit.mentionedUserIds.filter((id) => !this.optOuts.isOptedOut(stored.guildId, id));
          this.insertMentions(edit.id, stored.guildId, stored.createdAt, mentioned);
        }
        return;
      }
      case 'postsDeleted':
        for (const id of op.ids) {
          if (!q.markDeleted(id, op.at)) continue;
          q.deleteMentions(id);
          q.deleteReactionsOfMessage(id);
          q.deleteQualityScore(id);
        }
        return;
      case 'reactionAdded':
        this.insertReaction(op.reaction);
        return;
      case 'reactionRemoved':
        q.deleteReaction(op.messageId, op.userId, op.emoji);
        return;
      case 'reactionsCleared':
        if (op.emoji === undefined) q.deleteReactionsOfMessage(op.messageId);
        else q.deleteReactionsOfEmoji(op.messageId, op.emoji);
        return;
      case 'reactionSet': {
        const wanted = new Set(op.userIds);
        for (const userId of q.reactorsOfEmoji(op.messageId, op.emoji)) {
          if (!wanted.has(userId)) q.deleteReaction(op.messageId, userId, op.emoji);
        }
        for (const userId of op.userIds) {
          this.insertReaction({
            guildId: op.guildId,
            messageId: op.messageId,
            userId,
            emoji: op.emoji,
            emojiName: op.emojiName,
            at: op.at,
            backfilled: true,
          });
        }
        return;
      }
      case 'reactionTally':
        q.upsertTally({ messageId: op.messageId, emoji: op.emoji, count: op.count });
        return;
      case 'checkpoint': {
        const current = this.checkpointOf(op.channelId);
        const lastMessageId =
          current !== null && compareSnowflakes(current, op.lastMessageId) > 0 ? current : op.lastMessageId;
        q.upsertCheckpoint({
          channelId: op.channelId,
          guildId: op.guildId,
          lastMessageId,
          backfilledAt: op.backfilledAt,
          at: Date.now(),
        });
        return;
      }
    }
  }

  private insertPost(post: PostRecord): void {
    const existing = this.q.postFacts(post.id);
    if (post.authorIsBot) this.botIds.add(post.authorId);
    const inserted = this.q.insertPost(post);
    if (inserted && existing === undefined) this.created.posts += 1;
    // Unknown guild (nothing stored), or a replay of a message deleted since: nothing more to add. A replay of a
    // live message re-inserts the same mentions, which their keys make no-ops. It links no thread partners: the
    // message did when it was first stored, and a thread with more than CO_THREAD_PARTNER_LIMIT participants would
    // now offer other partners than then (re-importing a busy server's export added 2,025 links to 40,913).
    if (!inserted || existing?.deletedAt != null) return;
    this.insertMentions(post.id, post.guildId, post.createdAt, post.mentionedUserIds);
    if (existing === undefined && post.threadId !== null && !post.authorIsBot) this.linkThreadParticipants(post, post.threadId);
  }

  private linkThreadParticipants(post: PostRecord, threadId: string): void {
    for (const { partnerId, at } of this.threads.partnersOf(post, threadId)) {
      if (!this.isSocialPair(post.authorId, partnerId)) continue;
      // A partner who opted out posted there before: no new relation to them is recorded.
      if (this.optOuts.isOptedOut(post.guildId, partnerId)) continue;
      const [memberA, memberB] = [post.authorId, partnerId].sort(compareSnowflakes) as [string, string];
      this.q.linkCoThread({ threadId, memberA, memberB, guildId: post.guildId, at });
    }
  }

  private insertMentions(messageId: string, guildId: string, at: number, userIds: readonly string[]): void {
    for (const userId of new Set(userIds)) this.q.insertMention(messageId, userId, guildId, at);
  }

  private insertReaction(reaction: ReactionRecord): void {
    if (!this.botIds.has(reaction.userId) && this.q.insertReaction(reaction)) this.created.reactions += 1;
  }

  private isSocialPair(a: string, b: string): boolean {
    return a !== b && !this.botIds.has(a) && !this.botIds.has(b);
  }
}

/** Thread partners read from the stored posts, after the new post was stored (the default index). */
function databaseThreadPartners(q: IngestQueries): ThreadPartnerIndex {
  return {
    partnersOf(post, threadId) {
      const own = q.firstPostInThread(threadId, post.authorId);
      const firstAt = Math.min(post.createdAt, own ?? post.createdAt);
      // Both had posted in the thread from this moment on, whatever order the posts were stored in.
      return q.threadPartners(threadId, post.authorId, post.guildId).map((p) => ({ partnerId: p.authorId, at: Math.max(firstAt, p.firstAt) }));
    },
  };
}

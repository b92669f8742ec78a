/**
 * Applies IngestOps to the database. This is the ingest hot path, so it uses prepared better-sqlite3 statements
 * rather than the drizzle query builder (which re-plans every call); the tables are still the ones declared in
 * src/db/schema.ts.
 *
 * Rules enforced here, for every source alike:
 * - every op is idempotent (rows are keyed by Discord ids, or by composites of them);
 * - bots are recorded as such; their reactions are not stored, and the member_relations view leaves them out;
 * - a deleted message keeps its row (marked deleted) but loses content, mentions, reactions (and so the
 *   relations they produced) and its quality score;
 * - an op that refers to something we never stored (a reaction on an unknown message, a post in an unknown guild)
 *   is skipped, never invented.
 */
import type Database from 'better-sqlite3';
import type { IngestOp, PostRecord, ReactionRecord } from './records.js';
import { memberSnapshot } from './records.js';
import { compareSnowflakes } from '../lib/snowflake.js';

/** Threads with more participants than this only link a new poster to the most recent ones. */
const CO_THREAD_PARTNER_LIMIT = 50;

type Statement = Database.Statement;

export class ActivityStore {
  private readonly s: Record<string, Statement>;
  private readonly botIds = new Set<string>();
  /** Last member row written per guild:user; every message carries its author, and most are unchanged. */
  private readonly memberSnapshots = new Map<string, string>();
  private readonly applyBatch: (ops: readonly IngestOp[]) => void;

  constructor(sqlite: Database.Database) {
    const p = (sql: string) => sqlite.prepare(sql);
    this.s = {
      upsertGuild: p(`INSERT INTO guilds (id, name, owner_id, preferred_locale, joined_at, left_at, updated_at)
        VALUES (@id, @name, @ownerId, @preferredLocale, @at, NULL, @at)
        ON CONFLICT(id) DO UPDATE SET name = excluded.name, owner_id = excluded.owner_id,
          preferred_locale = excluded.preferred_locale, left_at = NULL, updated_at = excluded.updated_at`),
      guildLeft: p(`UPDATE guilds SET left_at = COALESCE(left_at, @at), updated_at = @at WHERE id = @guildId`),
      upsertChannel: p(`INSERT INTO channels (id, guild_id, parent_id, name, kind, nsfw, owner_id, archived, created_at, deleted_at, updated_at)
        SELECT @id, @guildId, @parentId, @name, @kind, @nsfw, @ownerId, @archived, @createdAt, NULL, @at
        WHERE EXISTS (SELECT 1 FROM guilds WHERE id = @guildId)
        ON CONFLICT(id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name, kind = excluded.kind,
          nsfw = excluded.nsfw, owner_id = COALESCE(excluded.owner_id, owner_id), archived = excluded.archived,
          deleted_at = NULL, updated_at = excluded.updated_at`),
      channelDeleted: p(`UPDATE channels SET deleted_at = COALESCE(deleted_at, @at), updated_at = @at WHERE id = @channelId`),
      upsertMember: p(`INSERT INTO members (guild_id, user_id, username, display_name, is_bot, joined_at, left_at, updated_at)
        SELECT @guildId, @userId, @username, @displayName, @isBot, @joinedAt, NULL, @at
        WHERE EXISTS (SELECT 1 FROM guilds WHERE id = @guildId)
        ON CONFLICT(guild_id, user_id) DO UPDATE SET username = excluded.username,
          display_name = excluded.display_name, is_bot = excluded.is_bot,
          joined_at = COALESCE(excluded.joined_at, joined_at),
          left_at = CASE WHEN excluded.joined_at IS NOT NULL AND left_at IS NOT NULL AND excluded.joined_at > left_at
                         THEN NULL ELSE left_at END,
          updated_at = excluded.updated_at`),
      memberLeft: p(`UPDATE members SET left_at = COALESCE(left_at, @at), updated_at = @at
        WHERE guild_id = @guildId AND user_id = @userId`),
      insertPost: p(`INSERT INTO posts (id, guild_id, channel_id, thread_id, author_id, author_is_bot, created_at,
          edited_at, deleted_at, reply_to_id, reply_to_author_id, attachment_count, content, source)
        SELECT @id, @guildId, @channelId, @threadId, @authorId, @authorIsBot, @createdAt, @editedAt, NULL,
          @replyToId, @replyToAuthorId, @attachmentCount, @content, @source
        WHERE EXISTS (SELECT 1 FROM guilds WHERE id = @guildId)
        ON CONFLICT(id) DO UPDATE SET
          edited_at = CASE WHEN excluded.edited_at IS NOT NULL AND (edited_at IS NULL OR excluded.edited_at > edited_at)
                           THEN excluded.edited_at ELSE edited_at END,
          content = CASE WHEN deleted_at IS NOT NULL THEN NULL ELSE COALESCE(excluded.content, content) END,
          attachment_count = excluded.attachment_count`),
      postExists: p(`SELECT deleted_at AS deletedAt, guild_id AS guildId, created_at AS createdAt FROM posts WHERE id = ?`),
      insertMention: p(`INSERT OR IGNORE INTO mentions (message_id, user_id, guild_id, at) VALUES (?, ?, ?, ?)`),
      deleteMentions: p(`DELETE FROM mentions WHERE message_id = ?`),
      insertCoThread: p(`INSERT INTO thread_co_participation (thread_id, member_a, member_b, guild_id, at)
        VALUES (@threadId, @memberA, @memberB, @guildId, @at)
        ON CONFLICT(thread_id, member_a, member_b) DO UPDATE SET at = MIN(at, excluded.at)`),
      // Members who opted out (privacy_opt_outs) are not linked to newcomers through their earlier posts.
      threadPartners: p(`SELECT author_id AS authorId, MIN(created_at) AS firstAt FROM posts
        WHERE thread_id = @threadId AND author_id != @authorId AND author_is_bot = 0 AND deleted_at IS NULL
          AND author_id NOT IN (SELECT user_id FROM privacy_opt_outs WHERE guild_id = @guildId)
        GROUP BY author_id ORDER BY MAX(created_at) DESC LIMIT ${CO_THREAD_PARTNER_LIMIT}`),
      firstPostInThread: p(`SELECT MIN(created_at) AS firstAt FROM posts WHERE thread_id = ? AND author_id = ? AND deleted_at IS NULL`),
      markDeleted: p(`UPDATE posts SET deleted_at = COALESCE(deleted_at, @at), content = NULL WHERE id = @id`),
      // A quality score is derived from the message: it goes with it.
      deleteQualityScore: p(`DELETE FROM post_quality_scores WHERE post_id = ?`),
      editPost: p(`UPDATE posts SET
          edited_at = CASE WHEN edited_at IS NULL OR @editedAt > edited_at THEN @editedAt ELSE edited_at END,
          content = CASE WHEN @hasContent = 1 THEN @content ELSE content END,
          attachment_count = COALESCE(@attachmentCount, attachment_count)
        WHERE id = @id AND deleted_at IS NULL`),
      insertReaction: p(`INSERT OR IGNORE INTO reactions (message_id, user_id, emoji, emoji_name, guild_id, at)
        SELECT @messageId, @userId, @emoji, @emojiName, @guildId, @at
        WHERE EXISTS (SELECT 1 FROM posts WHERE id = @messageId AND deleted_at IS NULL)`),
      deleteReaction: p(`DELETE FROM reactions WHERE message_id = ? AND user_id = ? AND emoji = ?`),
      deleteReactionsOfMessage: p(`DELETE FROM reactions WHERE message_id = ?`),
      reactorsOfEmoji: p(`SELECT user_id AS userId FROM reactions WHERE message_id = ? AND emoji = ?`),
      deleteReactionsOfEmoji: p(`DELETE FROM reactions WHERE message_id = ? AND emoji = ?`),
      upsertTally: p(`INSERT INTO reaction_tallies (message_id, emoji, count)
        SELECT @messageId, @emoji, @count WHERE EXISTS (SELECT 1 FROM posts WHERE id = @messageId)
        ON CONFLICT(message_id, emoji) DO UPDATE SET count = excluded.count`),
      presentMembers: p(`SELECT user_id AS id FROM members WHERE guild_id = ? AND left_at IS NULL`),
      liveChannels: p(`SELECT id, kind FROM channels WHERE guild_id = ? AND deleted_at IS NULL`),
      // Imported posts are left out: a CSV import's synthetic ids are in no Discord history.
      channelPostsBetween: p(`SELECT id FROM posts WHERE channel_id = @id AND thread_id IS NULL AND deleted_at IS NULL AND source != 'import'
        AND ${snowflakeAbove('id', '@after')} AND NOT ${snowflakeAbove('id', '@upto')}`),
      threadPostsBetween: p(`SELECT id FROM posts WHERE thread_id = @id AND deleted_at IS NULL AND source != 'import'
        AND ${snowflakeAbove('id', '@after')} AND NOT ${snowflakeAbove('id', '@upto')}`),
      emojisOf: p(`SELECT DISTINCT emoji FROM reactions WHERE message_id = ?`),
      reactorCount: p(`SELECT COUNT(*) AS n FROM reactions WHERE message_id = ? AND emoji = ?`),
      getCheckpoint: p(`SELECT last_message_id AS lastMessageId FROM ingest_checkpoints WHERE channel_id = ?`),
      upsertCheckpoint: p(`INSERT INTO ingest_checkpoints (channel_id, guild_id, last_message_id, backfilled_at, updated_at)
        SELECT @channelId, @guildId, @lastMessageId, @backfilledAt, @at WHERE EXISTS (SELECT 1 FROM guilds WHERE id = @guildId)
        ON CONFLICT(channel_id) DO UPDATE SET last_message_id = excluded.last_message_id,
          backfilled_at = COALESCE(excluded.backfilled_at, backfilled_at), updated_at = excluded.updated_at`),
    };
    for (const row of sqlite.prepare(`SELECT DISTINCT user_id AS id FROM members WHERE is_bot = 1`).all() as { id: string }[]) {
      this.botIds.add(row.id);
    }
    this.applyBatch = sqlite.transaction((ops: readonly IngestOp[]) => {
      for (const op of ops) this.applyOne(op);
    });
  }

  /** Applies the ops in one transaction: all of them or none. */
  apply(ops: readonly IngestOp[]): void {
    if (ops.length === 0) return;
    try {
      this.applyBatch(ops);
    } catch (error) {
      // The transaction rolled back: snapshots taken inside it describe rows that no longer exist.
      this.memberSnapshots.clear();
      throw error;
    }
  }

  hasPost(messageId: string): boolean {
    return this.s.postExists!.get(messageId) !== undefined;
  }

  /** Members currently in the guild, as stored. */
  presentMemberIds(guildId: string): string[] {
    return (this.s.presentMembers!.all(guildId) as { id: string }[]).map((r) => r.id);
  }

  /** Channels (threads included) not marked deleted. */
  liveChannels(guildId: string): { id: string; kind: string }[] {
    return this.s.liveChannels!.all(guildId) as { id: string; kind: string }[];
  }

  /** Undeleted posts of a channel (or thread) with ids in (afterId, uptoId]: what a history page must contain. */
  storedPostIdsBetween(location: { channelId: string } | { threadId: string }, afterId: string, uptoId: string): string[] {
    const params = { after: afterId, upto: uptoId, id: 'threadId' in location ? location.threadId : location.channelId };
    const statement = 'threadId' in location ? this.s.threadPostsBetween! : this.s.channelPostsBetween!;
    return (statement.all(params) as { id: string }[]).map((r) => r.id);
  }

  /** How many members we hold as having reacted with this emoji. */
  reactorCount(messageId: string, emoji: string): number {
    return (this.s.reactorCount!.get(messageId, emoji) as { n: number }).n;
  }

  /** Emojis we hold reactions for on a message. */
  storedEmojisOf(messageId: string): string[] {
    return (this.s.emojisOf!.all(messageId) as { emoji: string }[]).map((r) => r.emoji);
  }

  checkpointOf(channelId: string): string | null {
    const row = this.s.getCheckpoint!.get(channelId) as { lastMessageId: string | null } | undefined;
    return row?.lastMessageId ?? null;
  }

  private applyOne(op: IngestOp): void {
    const s = this.s;
    switch (op.kind) {
      case 'guild':
        s.upsertGuild!.run({ ...op.guild, at: op.at });
        return;
      case 'guildLeft':
        s.guildLeft!.run({ guildId: op.guildId, at: op.at });
        return;
      case 'channel':
        s.upsertChannel!.run({
          ...op.channel,
          nsfw: op.channel.nsfw ? 1 : 0,
          archived: op.channel.archived ? 1 : 0,
          at: op.at,
        });
        return;
      case 'channelDeleted':
        s.channelDeleted!.run({ channelId: op.channelId, at: op.at });
        return;
      case 'member': {
        const { member } = op;
        if (member.isBot) this.botIds.add(member.userId);
        const key = `${member.guildId}:${member.userId}`;
        const snapshot = memberSnapshot(member);
        if (this.memberSnapshots.get(key) === snapshot) return;
        s.upsertMember!.run({ ...member, isBot: member.isBot ? 1 : 0, at: op.at });
        this.memberSnapshots.set(key, snapshot);
        return;
      }
      case 'memberLeft':
        this.memberSnapshots.delete(`${op.guildId}:${op.userId}`);
        s.memberLeft!.run({ guildId: op.guildId, userId: op.userId, at: op.at });
        return;
      case 'post':
        this.insertPost(op.post);
        return;
      case 'postEdited': {
        const { edit } = op;
        const result = s.editPost!.run({
          id: edit.id,
          editedAt: edit.editedAt,
          hasContent: edit.content === undefined ? 0 : 1,
          content: edit.content ?? null,
          attachmentCount: edit.attachmentCount ?? null,
        });
        if (result.changes > 0 && edit.mentionedUserIds) {
          const post = s.postExists!.get(edit.id) as { guildId: string; createdAt: number };
          s.deleteMentions!.run(edit.id);
          this.insertMentions(edit.id, post.guildId, post.createdAt, edit.mentionedUserIds);
        }
        return;
      }
      case 'postsDeleted':
        for (const id of op.ids) {
          const changed = s.markDeleted!.run({ id, at: op.at }).changes;
          if (changed === 0) continue;
          s.deleteMentions!.run(id);
          s.deleteReactionsOfMessage!.run(id);
          s.deleteQualityScore!.run(id);
        }
        return;
      case 'reactionAdded':
        this.insertReaction(op.reaction);
        return;
      case 'reactionRemoved':
        s.deleteReaction!.run(op.messageId, op.userId, op.emoji);
        return;
      case 'reactionsCleared':
        if (op.emoji === undefined) s.deleteReactionsOfMessage!.run(op.messageId);
        else s.deleteReactionsOfEmoji!.run(op.messageId, op.emoji);
        return;
      case 'reactionSet': {
        const wanted = new Set(op.userIds);
        for (const { userId } of s.reactorsOfEmoji!.all(op.messageId, op.emoji) as { userId: string }[]) {
          if (!wanted.has(userId)) s.deleteReaction!.run(op.messageId, userId, op.emoji);
        }
        for (const userId of op.userIds) {
          this.insertReaction({
            guildId: op.guildId,
            messageId: op.messageId,
            userId,
            emoji: op.emoji,
            emojiName: op.emojiName,
            at: op.at,
          });
        }
        return;
      }
      case 'reactionTally':
        s.upsertTally!.run({ messageId: op.messageId, emoji: op.emoji, count: op.count });
        return;
      case 'checkpoint': {
        const current = this.checkpointOf(op.channelId);
        const lastMessageId =
          current !== null && compareSnowflakes(current, op.lastMessageId) > 0 ? current : op.lastMessageId;
        s.upsertCheckpoint!.run({
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
    const s = this.s;
    const existing = s.postExists!.get(post.id) as { deletedAt: number | null } | undefined;
    if (post.authorIsBot) this.botIds.add(post.authorId);
    const inserted = s.insertPost!.run({
      id: post.id,
      guildId: post.guildId,
      channelId: post.channelId,
      threadId: post.threadId,
      authorId: post.authorId,
      authorIsBot: post.authorIsBot ? 1 : 0,
      createdAt: post.createdAt,
      editedAt: post.editedAt,
      replyToId: post.replyToId,
      replyToAuthorId: post.replyToAuthorId,
      attachmentCount: post.attachmentCount,
      content: post.content,
      source: post.source,
    });
    // Unknown guild (nothing stored), or a replay of a message deleted since: nothing more to add. A replay of a
    // live message re-inserts the same mentions and links, which their keys make no-ops.
    if (inserted.changes === 0 || existing?.deletedAt != null) return;
    this.insertMentions(post.id, post.guildId, post.createdAt, post.mentionedUserIds);
    if (post.threadId !== null && !post.authorIsBot) this.linkThreadParticipants(post, post.threadId);
  }

  private linkThreadParticipants(post: PostRecord, threadId: string): void {
    const s = this.s;
    const own = (s.firstPostInThread!.get(threadId, post.authorId) as { firstAt: number | null }).firstAt;
    const firstAt = Math.min(post.createdAt, own ?? post.createdAt);
    const partners = s.threadPartners!.all({ threadId, authorId: post.authorId, guildId: post.guildId }) as { authorId: string; firstAt: number }[];
    for (const partner of partners) {
      if (!this.isSocialPair(post.authorId, partner.authorId)) continue;
      const [memberA, memberB] = [post.authorId, partner.authorId].sort(compareSnowflakes) as [string, string];
      // Both had posted in the thread from this moment on, whatever order the posts were stored in.
      s.insertCoThread!.run({ threadId, memberA, memberB, guildId: post.guildId, at: Math.max(firstAt, partner.firstAt) });
    }
  }

  private insertMentions(messageId: string, guildId: string, at: number, userIds: readonly string[]): void {
    for (const userId of new Set(userIds)) this.s.insertMention!.run(messageId, userId, guildId, at);
  }

  private insertReaction(reaction: ReactionRecord): void {
    if (!this.botIds.has(reaction.userId)) this.s.insertReaction!.run(reaction);
  }

  private isSocialPair(a: string, b: string): boolean {
    return a !== b && !this.botIds.has(a) && !this.botIds.has(b);
  }
}

/** SQL for "snowflake column > parameter" on decimal strings of different lengths. */
function snowflakeAbove(column: string, param: string): string {
  return `(length(${column}) > length(${param}) OR (length(${column}) = length(${param}) AND ${column} > ${param}))`;
}


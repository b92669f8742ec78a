/**
 * Ingest queries: the writes every recorded event turns into (guilds, channels, members, posts, mentions, thread
 * co-participation, reactions, tallies, checkpoints) and the reads the ingest rules and the backfill make. This is the
 * ingest hot path (thousands of events a second on a busy guild), so the statements are better-sqlite3 statements
 * prepared once per connection rather than the query builder, which builds its SQL again on every call; the rows
 * and parameters are typed next to them. The import's lookups of what is stored already and its row counts are
 * drizzle queries.
 *
 * Every write is idempotent (keyed by Discord ids, or composites of them), and a write that refers to something
 * never stored (a post in an unknown guild, a reaction on an unknown message) writes nothing: `WHERE EXISTS`.
 */
import { and, eq, sql } from 'drizzle-orm';
import { channels, guilds, members, posts, type Channel, type Guild, type MediaKind, type Member, type Post } from '../schema.js';
import { perConnection } from './per-connection.js';

/** Threads with more participants than this only link a new poster to the most recent ones. */
export const CO_THREAD_PARTNER_LIMIT = 50;

export type GuildRow = Pick<Guild, 'id' | 'name' | 'ownerId' | 'preferredLocale'>;
export type ChannelRow = Pick<Channel, 'id' | 'guildId' | 'parentId' | 'name' | 'kind' | 'nsfw' | 'ownerId' | 'archived' | 'createdAt'>;
export type MemberRow = Pick<Member, 'guildId' | 'userId' | 'username' | 'displayName' | 'isBot' | 'joinedAt'>;
export type PostRow = Pick<
  Post,
  | 'id'
  | 'guildId'
  | 'channelId'
  | 'threadId'
  | 'authorId'
  | 'authorIsBot'
  | 'createdAt'
  | 'editedAt'
  | 'replyToId'
  | 'replyToAuthorId'
  | 'attachmentCount'
  | 'content'
  | 'source'
> & { media?: MediaKind[] | null | undefined };
export interface ReactionRow {
  messageId: string;
  userId: string;
  emoji: string;
  emojiName: string | null;
  guildId: string;
  at: number;
  /** Found by the backfill (dated when first seen). */
  backfilled?: boolean;
}
export interface PostEdit {
  id: string;
  editedAt: number;
  /** undefined: the edit did not say (the stored text stays). */
  content: string | null | undefined;
  /** undefined: the edit did not say. */
  attachmentCount: number | undefined;
  /** undefined: the edit did not say. */
  media?: MediaKind[] | undefined;
}
export interface CheckpointRow {
  channelId: string;
  guildId: string;
  lastMessageId: string;
  backfilledAt: number | null;
  at: number;
}

/** A member's posts in a thread: the first and the last. */
export interface ThreadParticipant {
  authorId: string;
  firstAt: number;
  lastAt: number;
}

/** Where a stored post is and who wrote it: an import checks references and reply authors against it. */
export type StoredPostLocation = Pick<Post, 'guildId' | 'channelId' | 'threadId' | 'authorId' | 'source'>;

/** What the ingest rules need to know about a stored post. */
export type StoredPostFacts = Pick<Post, 'deletedAt' | 'guildId' | 'createdAt' | 'authorId'>;

/** Stored rows an import compares its records with. */
export type StoredGuildRow = Pick<Guild, 'name' | 'ownerId' | 'preferredLocale'>;
export type StoredChannelRow = Pick<Channel, 'guildId' | 'parentId' | 'name' | 'kind' | 'nsfw' | 'archived'>;
export type StoredMemberRow = Pick<Member, 'username' | 'displayName' | 'isBot' | 'joinedAt'>;
export type StoredPostRow = Pick<Post, 'guildId' | 'channelId' | 'threadId' | 'authorId' | 'createdAt' | 'content' | 'source'>;

export interface TableCounts {
  guilds: number;
  channels: number;
  members: number;
  posts: number;
  reactions: number;
  tallies: number;
}

/** SQL for "snowflake column > parameter" on decimal strings of different lengths. */
function snowflakeAbove(column: string, param: string): string {
  return `(length(${column}) > length(${param}) OR (length(${column}) = length(${param}) AND ${column} > ${param}))`;
}

const flag = (value: boolean): number => (value ? 1 : 0);

export const ingestQueries = perConnection((sqlite, db) => {
  const upsertGuild = sqlite.prepare<GuildRow & { at: number }>(`INSERT INTO guilds (id, name, owner_id, preferred_locale, joined_at, left_at, updated_at)
    VALUES (@id, @name, @ownerId, @preferredLocale, @at, NULL, @at)
    ON CONFLICT(id) DO UPDATE SET name = excluded.name, owner_id = excluded.owner_id,
      preferred_locale = excluded.preferred_locale, left_at = NULL, updated_at = excluded.updated_at`);
  const guildLeft = sqlite.prepare<{ guildId: string; at: number }>(
    `UPDATE guilds SET left_at = COALESCE(left_at, @at), updated_at = @at WHERE id = @guildId`,
  );
  const upsertChannel = sqlite.prepare<Omit<ChannelRow, 'nsfw' | 'archived'> & { nsfw: number; archived: number; at: number }>(
    `INSERT INTO channels (id, guild_id, parent_id, name, kind, nsfw, owner_id, archived, created_at, deleted_at, updated_at)
    SELECT @id, @guildId, @parentId, @name, @kind, @nsfw, @ownerId, @archived, @createdAt, NULL, @at
    WHERE EXISTS (SELECT 1 FROM guilds WHERE id = @guildId)
    ON CONFLICT(id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name, kind = excluded.kind,
      nsfw = excluded.nsfw, owner_id = COALESCE(excluded.owner_id, owner_id), archived = excluded.archived,
      deleted_at = NULL, updated_at = excluded.updated_at`,
  );
  const channelDeleted = sqlite.prepare<{ channelId: string; at: number }>(
    `UPDATE channels SET deleted_at = COALESCE(deleted_at, @at), updated_at = @at WHERE id = @channelId`,
  );
  const upsertMember = sqlite.prepare<Omit<MemberRow, 'isBot'> & { isBot: number; at: number }>(
    `INSERT INTO members (guild_id, user_id, username, display_name, is_bot, joined_at, left_at, updated_at)
    SELECT @guildId, @userId, @username, @displayName, @isBot, @joinedAt, NULL, @at
    WHERE EXISTS (SELECT 1 FROM guilds WHERE id = @guildId)
    ON CONFLICT(guild_id, user_id) DO UPDATE SET username = excluded.username,
      display_name = excluded.display_name, is_bot = excluded.is_bot,
      joined_at = COALESCE(excluded.joined_at, joined_at),
      left_at = CASE WHEN excluded.joined_at IS NOT NULL AND left_at IS NOT NULL AND excluded.joined_at > left_at
                     THEN NULL ELSE left_at END,
      updated_at = excluded.updated_at`,
  );
  const memberLeft = sqlite.prepare<{ guildId: string; userId: string; at: number }>(
    `UPDATE members SET left_at = COALESCE(left_at, @at), updated_at = @at WHERE guild_id = @guildId AND user_id = @userId`,
  );
  const insertPost = sqlite.prepare<Omit<PostRow, 'authorIsBot' | 'media'> & { authorIsBot: number; media: string | null }>(
    `INSERT INTO posts (id, guild_id, channel_id, thread_id, author_id, author_is_bot, created_at,
      edited_at, deleted_at, reply_to_id, reply_to_author_id, attachment_count, content, media, source)
    SELECT @id, @guildId, @channelId, @threadId, @authorId, @authorIsBot, @createdAt, @editedAt, NULL,
      @replyToId, @replyToAuthorId, @attachmentCount, @content, @media, @source
    WHERE EXISTS (SELECT 1 FROM guilds WHERE id = @guildId)
    ON CONFLICT(id) DO UPDATE SET
      edited_at = CASE WHEN excluded.edited_at IS NOT NULL AND (edited_at IS NULL OR excluded.edited_at > edited_at)
                       THEN excluded.edited_at ELSE edited_at END,
      content = CASE WHEN deleted_at IS NOT NULL THEN NULL ELSE COALESCE(excluded.content, content) END,
      media = COALESCE(excluded.media, media),
      attachment_count = excluded.attachment_count`,
  );
  const postFacts = sqlite.prepare<[postId: string], StoredPostFacts>(
    `SELECT deleted_at AS deletedAt, guild_id AS guildId, created_at AS createdAt, author_id AS authorId FROM posts WHERE id = ?`,
  );
  const insertMention = sqlite.prepare<[messageId: string, userId: string, guildId: string, at: number]>(
    `INSERT OR IGNORE INTO mentions (message_id, user_id, guild_id, at) VALUES (?, ?, ?, ?)`,
  );
  const deleteMentions = sqlite.prepare<[messageId: string]>(`DELETE FROM mentions WHERE message_id = ?`);
  const insertCoThread = sqlite.prepare<{ threadId: string; memberA: string; memberB: string; guildId: string; at: number }>(
    `INSERT INTO thread_co_participation (thread_id, member_a, member_b, guild_id, at)
    VALUES (@threadId, @memberA, @memberB, @guildId, @at)
    ON CONFLICT(thread_id, member_a, member_b) DO UPDATE SET at = MIN(at, excluded.at)`,
  );
  // Members who opted out (privacy_opt_outs) are not linked to newcomers through their earlier posts.
  const threadPartners = sqlite.prepare<{ threadId: string; authorId: string; guildId: string }, { authorId: string; firstAt: number }>(
    `SELECT author_id AS authorId, MIN(created_at) AS firstAt FROM posts
    WHERE thread_id = @threadId AND author_id != @authorId AND author_is_bot = 0 AND deleted_at IS NULL
      AND author_id NOT IN (SELECT user_id FROM privacy_opt_outs WHERE guild_id = @guildId)
    GROUP BY author_id ORDER BY MAX(created_at) DESC LIMIT ${CO_THREAD_PARTNER_LIMIT}`,
  );
  // Every member a thread links a newcomer with, at once: an import keeps the threads it writes in memory.
  const threadParticipants = sqlite.prepare<{ threadId: string; guildId: string }, ThreadParticipant>(
    `SELECT author_id AS authorId, MIN(created_at) AS firstAt, MAX(created_at) AS lastAt FROM posts
    WHERE thread_id = @threadId AND author_is_bot = 0 AND deleted_at IS NULL
      AND author_id NOT IN (SELECT user_id FROM privacy_opt_outs WHERE guild_id = @guildId)
    GROUP BY author_id ORDER BY lastAt DESC`,
  );
  const postLocation = sqlite.prepare<[postId: string], StoredPostLocation>(
    `SELECT guild_id AS guildId, channel_id AS channelId, thread_id AS threadId, author_id AS authorId, source FROM posts WHERE id = ?`,
  );
  const firstPostInThread = sqlite
    .prepare<[threadId: string, authorId: string], number | null>(
      `SELECT MIN(created_at) FROM posts WHERE thread_id = ? AND author_id = ? AND deleted_at IS NULL`,
    )
    .pluck();
  const markDeleted = sqlite.prepare<{ id: string; at: number }>(
    `UPDATE posts SET deleted_at = COALESCE(deleted_at, @at), content = NULL, media = NULL WHERE id = @id`,
  );
  // A quality score is derived from the message: it goes with it.
  const deleteQualityScore = sqlite.prepare<[postId: string]>(`DELETE FROM post_quality_scores WHERE post_id = ?`);
  const editPost = sqlite.prepare<{ id: string; editedAt: number; hasContent: number; content: string | null; attachmentCount: number | null; media: string | null }>(
    `UPDATE posts SET
      edited_at = CASE WHEN edited_at IS NULL OR @editedAt > edited_at THEN @editedAt ELSE edited_at END,
      content = CASE WHEN @hasContent = 1 THEN @content ELSE content END,
      attachment_count = COALESCE(@attachmentCount, attachment_count),
      media = COALESCE(@media, media)
    WHERE id = @id AND deleted_at IS NULL`,
  );
  const insertReaction = sqlite.prepare<Omit<ReactionRow, 'backfilled'> & { backfilled: number }>(
    `INSERT OR IGNORE INTO reactions (message_id, user_id, emoji, emoji_name, guild_id, at, backfilled)
    SELECT @messageId, @userId, @emoji, @emojiName, @guildId, @at, @backfilled
    WHERE EXISTS (SELECT 1 FROM posts WHERE id = @messageId AND deleted_at IS NULL)`,
  );
  const deleteReaction = sqlite.prepare<[messageId: string, userId: string, emoji: string]>(
    `DELETE FROM reactions WHERE message_id = ? AND user_id = ? AND emoji = ?`,
  );
  const deleteReactionsOfMessage = sqlite.prepare<[messageId: string]>(`DELETE FROM reactions WHERE message_id = ?`);
  const reactorsOfEmoji = sqlite
    .prepare<[messageId: string, emoji: string], string>(`SELECT user_id FROM reactions WHERE message_id = ? AND emoji = ?`)
    .pluck();
  const deleteReactionsOfEmoji = sqlite.prepare<[messageId: string, emoji: string]>(`DELETE FROM reactions WHERE message_id = ? AND emoji = ?`);
  const upsertTally = sqlite.prepare<{ messageId: string; emoji: string; count: number }>(
    `INSERT INTO reaction_tallies (message_id, emoji, count)
    SELECT @messageId, @emoji, @count WHERE EXISTS (SELECT 1 FROM posts WHERE id = @messageId)
    ON CONFLICT(message_id, emoji) DO UPDATE SET count = excluded.count`,
  );
  const presentMembers = sqlite
    .prepare<[guildId: string], string>(`SELECT user_id FROM members WHERE guild_id = ? AND left_at IS NULL`)
    .pluck();
  const liveChannels = sqlite.prepare<[guildId: string], Pick<Channel, 'id' | 'kind'>>(
    `SELECT id, kind FROM channels WHERE guild_id = ? AND deleted_at IS NULL`,
  );
  // Imported posts are left out: a CSV import's synthetic ids are in no Discord history.
  const channelPostsBetween = sqlite
    .prepare<{ id: string; after: string; upto: string }, string>(
      `SELECT id FROM posts WHERE channel_id = @id AND thread_id IS NULL AND deleted_at IS NULL AND source != 'import'
        AND ${snowflakeAbove('id', '@after')} AND NOT ${snowflakeAbove('id', '@upto')}`,
    )
    .pluck();
  const threadPostsBetween = sqlite
    .prepare<{ id: string; after: string; upto: string }, string>(
      `SELECT id FROM posts WHERE thread_id = @id AND deleted_at IS NULL AND source != 'import'
        AND ${snowflakeAbove('id', '@after')} AND NOT ${snowflakeAbove('id', '@upto')}`,
    )
    .pluck();
  const emojisOf = sqlite.prepare<[messageId: string], string>(`SELECT DISTINCT emoji FROM reactions WHERE message_id = ?`).pluck();
  const reactorCount = sqlite
    .prepare<[messageId: string, emoji: string], number>(`SELECT COUNT(*) FROM reactions WHERE message_id = ? AND emoji = ?`)
    .pluck();
  const checkpoint = sqlite
    .prepare<[channelId: string], string | null>(`SELECT last_message_id FROM ingest_checkpoints WHERE channel_id = ?`)
    .pluck();
  const upsertCheckpoint = sqlite.prepare<CheckpointRow>(
    `INSERT INTO ingest_checkpoints (channel_id, guild_id, last_message_id, backfilled_at, updated_at)
    SELECT @channelId, @guildId, @lastMessageId, @backfilledAt, @at WHERE EXISTS (SELECT 1 FROM guilds WHERE id = @guildId)
    ON CONFLICT(channel_id) DO UPDATE SET last_message_id = excluded.last_message_id,
      backfilled_at = COALESCE(excluded.backfilled_at, backfilled_at), updated_at = excluded.updated_at`,
  );
  const botUserIds = sqlite.prepare<[], string>(`SELECT DISTINCT user_id FROM members WHERE is_bot = 1`).pluck();

  const p = sql.placeholder;
  const storedGuild = db
    .select({ name: guilds.name, ownerId: guilds.ownerId, preferredLocale: guilds.preferredLocale })
    .from(guilds)
    .where(eq(guilds.id, p('id')))
    .prepare();
  const storedChannel = db
    .select({
      guildId: channels.guildId,
      parentId: channels.parentId,
      name: channels.name,
      kind: channels.kind,
      nsfw: channels.nsfw,
      archived: channels.archived,
    })
    .from(channels)
    .where(eq(channels.id, p('id')))
    .prepare();
  const storedMember = db
    .select({ username: members.username, displayName: members.displayName, isBot: members.isBot, joinedAt: members.joinedAt })
    .from(members)
    .where(and(eq(members.guildId, p('guildId')), eq(members.userId, p('userId'))))
    .prepare();
  const storedPost = db
    .select({
      guildId: posts.guildId,
      channelId: posts.channelId,
      threadId: posts.threadId,
      authorId: posts.authorId,
      createdAt: posts.createdAt,
      content: posts.content,
      source: posts.source,
    })
    .from(posts)
    .where(eq(posts.id, p('id')))
    .prepare();
  const postSource = db.select({ source: posts.source }).from(posts).where(eq(posts.id, p('id'))).prepare();
  const tableCounts = sqlite.prepare<[], TableCounts>(`SELECT
      (SELECT COUNT(*) FROM guilds) AS guilds,
      (SELECT COUNT(*) FROM channels) AS channels,
      (SELECT COUNT(*) FROM members) AS members,
      (SELECT COUNT(*) FROM posts) AS posts,
      (SELECT COUNT(*) FROM reactions) AS reactions,
      (SELECT COUNT(*) FROM reaction_tallies) AS tallies`);

  return {
    upsertGuild: (guild: GuildRow, at: number): void => {
      upsertGuild.run({ ...guild, at });
    },
    /** Marks the guild removed (the first time only). */
    guildLeft: (guildId: string, at: number): void => {
      guildLeft.run({ guildId, at });
    },
    /** Writes nothing when the guild is not stored; undeletes a channel that comes back. */
    upsertChannel: (channel: ChannelRow, at: number): void => {
      upsertChannel.run({ ...channel, nsfw: flag(channel.nsfw), archived: flag(channel.archived), at });
    },
    channelDeleted: (channelId: string, at: number): void => {
      channelDeleted.run({ channelId, at });
    },
    /** Writes nothing when the guild is not stored; a join after the last leave brings the member back. */
    upsertMember: (member: MemberRow, at: number): void => {
      upsertMember.run({ ...member, isBot: flag(member.isBot), at });
    },
    memberLeft: (guildId: string, userId: string, at: number): void => {
      memberLeft.run({ guildId, userId, at });
    },
    /**
     * Inserts the post, or merges a replay into the stored row (a later edit, text unless deleted, attachments).
     * False when nothing was written (the guild is not stored).
     */
    insertPost: (post: PostRow): boolean =>
      insertPost.run({ ...post, authorIsBot: flag(post.authorIsBot), media: post.media ? JSON.stringify(post.media) : null }).changes > 0,
    postFacts: (postId: string): StoredPostFacts | undefined => postFacts.get(postId),
    /** Applies an edit to a live post; false when the post is deleted or not stored. */
    editPost: (edit: PostEdit): boolean =>
      editPost.run({
        id: edit.id,
        editedAt: edit.editedAt,
        hasContent: edit.content === undefined ? 0 : 1,
        content: edit.content ?? null,
        attachmentCount: edit.attachmentCount ?? null,
        media: edit.media ? JSON.stringify(edit.media) : null,
      }).changes > 0,
    /** Marks the post deleted and drops its text; false when it is not stored. */
    markDeleted: (id: string, at: number): boolean => markDeleted.run({ id, at }).changes > 0,
    deleteQualityScore: (postId: string): void => {
      deleteQualityScore.run(postId);
    },
    insertMention: (messageId: string, userId: string, guildId: string, at: number): void => {
      insertMention.run(messageId, userId, guildId, at);
    },
    deleteMentions: (messageId: string): void => {
      deleteMentions.run(messageId);
    },
    /** Links the pair from `at` on, or moves an existing link earlier. */
    linkCoThread: (link: { threadId: string; memberA: string; memberB: string; guildId: string; at: number }): void => {
      insertCoThread.run(link);
    },
    /** Other members who posted in the thread (the most recent first), each with their first post's time. */
    threadPartners: (threadId: string, authorId: string, guildId: string): { authorId: string; firstAt: number }[] =>
      threadPartners.all({ threadId, authorId, guildId }),
    /** Every member with a live post in the thread (bots and opted-out members aside), the most recent first. */
    threadParticipants: (threadId: string, guildId: string): ThreadParticipant[] => threadParticipants.all({ threadId, guildId }),
    postLocation: (postId: string): StoredPostLocation | undefined => postLocation.get(postId),
    /** The time of the member's first live post in the thread, or null. */
    firstPostInThread: (threadId: string, authorId: string): number | null => firstPostInThread.get(threadId, authorId) ?? null,

    /** Writes nothing when the message is not stored or is deleted; true when a row was added. */
    insertReaction: (reaction: ReactionRow): boolean =>
      insertReaction.run({ ...reaction, backfilled: flag(reaction.backfilled ?? false) }).changes > 0,
    deleteReaction: (messageId: string, userId: string, emoji: string): void => {
      deleteReaction.run(messageId, userId, emoji);
    },
    deleteReactionsOfMessage: (messageId: string): void => {
      deleteReactionsOfMessage.run(messageId);
    },
    deleteReactionsOfEmoji: (messageId: string, emoji: string): void => {
      deleteReactionsOfEmoji.run(messageId, emoji);
    },
    reactorsOfEmoji: (messageId: string, emoji: string): string[] => reactorsOfEmoji.all(messageId, emoji),
    reactorCount: (messageId: string, emoji: string): number => reactorCount.get(messageId, emoji) ?? 0,
    emojisOf: (messageId: string): string[] => emojisOf.all(messageId),
    upsertTally: (tally: { messageId: string; emoji: string; count: number }): void => {
      upsertTally.run(tally);
    },

    presentMemberIds: (guildId: string): string[] => presentMembers.all(guildId),
    liveChannels: (guildId: string): Pick<Channel, 'id' | 'kind'>[] => liveChannels.all(guildId),
    /** Live, not imported posts of a channel (outside threads) or thread with ids in (after, upto]. */
    storedPostIdsBetween: (location: 'channel' | 'thread', id: string, after: string, upto: string): string[] =>
      (location === 'thread' ? threadPostsBetween : channelPostsBetween).all({ id, after, upto }),
    checkpointOf: (channelId: string): string | null => checkpoint.get(channelId) ?? null,
    /** Writes nothing when the guild is not stored; `backfilledAt` null keeps the stored one. */
    upsertCheckpoint: (row: CheckpointRow): void => {
      upsertCheckpoint.run(row);
    },
    /** Users stored as a bot in any guild. */
    botUserIds: (): string[] => botUserIds.all(),

    storedGuild: (id: string): StoredGuildRow | undefined => storedGuild.get({ id }),
    storedChannel: (id: string): StoredChannelRow | undefined => storedChannel.get({ id }),
    storedMember: (guildId: string, userId: string): StoredMemberRow | undefined => storedMember.get({ guildId, userId }),
    storedPost: (id: string): StoredPostRow | undefined => storedPost.get({ id }),
    storedPostSource: (id: string): Post['source'] | undefined => postSource.get({ id })?.source,
    /** Rows per recorded table (what an import added is the difference). */
    tableCounts(): TableCounts {
      const counts = tableCounts.get();
      // A SELECT without FROM always returns its one row.
      if (!counts) throw new Error('the row counts returned no row');
      return counts;
    },
  };
});

export type IngestQueries = ReturnType<typeof ingestQueries>;

/**
 * Recorded activity: guilds, channels, members, posts, reactions, mentions and thread co-participation, the
 * member_relations view over them, and the ingest checkpoints. Every other schema module references `guilds` here.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, sqliteView, text } from 'drizzle-orm/sqlite-core';
import { textRefColumn } from './columns.js';

export const guilds = sqliteTable('guilds', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  ownerId: text('owner_id'),
  preferredLocale: text('preferred_locale').notNull().default('en-US'),
  /** First time the bot saw the guild (gateway) or the guild was imported. */
  joinedAt: integer('joined_at').notNull(),
  /** Set when the bot was removed from the guild (or the guild was deleted); cleared if it comes back. */
  leftAt: integer('left_at'),
  /** Admin opt-in to text-derived model features (Discord Developer Policy #21); off unless turned on. */
  contentFeatures: integer('content_features', { mode: 'boolean' }).notNull().default(false),
  updatedAt: integer('updated_at').notNull(),
});

/** The guild a row belongs to: the row goes when the guild's data is erased (ON DELETE CASCADE). */
export const guildIdColumn = () => textRefColumn('guild_id', () => guilds.id);

export const CHANNEL_KINDS = [
  'text',
  'announcement',
  'forum',
  'media',
  'voice',
  'stage',
  'category',
  'public_thread',
  'private_thread',
  'announcement_thread',
  'other',
] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Channels, including threads and forum posts (a forum post is a thread whose parent is a forum channel). */
export const channels = sqliteTable(
  'channels',
  {
    id: text('id').primaryKey(),
    guildId: guildIdColumn(),
    /** Category for top-level channels; the text or forum channel for threads. */
    parentId: text('parent_id'),
    name: text('name').notNull(),
    kind: text('kind', { enum: CHANNEL_KINDS }).notNull(),
    nsfw: integer('nsfw', { mode: 'boolean' }).notNull().default(false),
    /** Thread creator (threads only). */
    ownerId: text('owner_id'),
    archived: integer('archived', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull(),
    deletedAt: integer('deleted_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('channels_guild_idx').on(t.guildId), index('channels_parent_idx').on(t.parentId)],
);

export const members = sqliteTable(
  'members',
  {
    guildId: guildIdColumn(),
    userId: text('user_id').notNull(),
    username: text('username').notNull(),
    displayName: text('display_name'),
    isBot: integer('is_bot', { mode: 'boolean' }).notNull().default(false),
    joinedAt: integer('joined_at'),
    leftAt: integer('left_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.userId] })],
);

/** Messages. Content is kept only when Discord delivered it (MESSAGE_CONTENT intent or an import). */
export const posts = sqliteTable(
  'posts',
  {
    id: text('id').primaryKey(),
    guildId: guildIdColumn(),
    /** The top-level channel (for a thread message: the thread's parent). */
    channelId: text('channel_id').notNull(),
    /** The thread or forum post the message is in, if any. */
    threadId: text('thread_id'),
    authorId: text('author_id').notNull(),
    authorIsBot: integer('author_is_bot', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull(),
    editedAt: integer('edited_at'),
    deletedAt: integer('deleted_at'),
    /** The message this one replies to (may be unknown to us, so no foreign key). */
    replyToId: text('reply_to_id'),
    /** Its author, when the source said (the gateway does); otherwise resolved from the stored target. */
    replyToAuthorId: text('reply_to_author_id'),
    attachmentCount: integer('attachment_count').notNull().default(0),
    content: text('content'),
    source: text('source', { enum: ['gateway', 'backfill', 'import'] }).notNull(),
  },
  (t) => [
    index('posts_guild_created_idx').on(t.guildId, t.createdAt),
    index('posts_channel_created_idx').on(t.channelId, t.createdAt),
    index('posts_thread_idx').on(t.threadId),
    index('posts_author_idx').on(t.guildId, t.authorId),
    // Replies to a post: the recommendation_engagement view and /stats join on it (a full scan per impression without it).
    index('posts_reply_to_idx').on(t.replyToId),
  ],
);

/** One row per (message, member, emoji): who reacted with what, and when we first saw it. */
export const reactions = sqliteTable(
  'reactions',
  {
    messageId: textRefColumn('message_id', () => posts.id),
    userId: text('user_id').notNull(),
    /** Unicode emoji, or the custom emoji's id. */
    emoji: text('emoji').notNull(),
    emojiName: text('emoji_name'),
    guildId: text('guild_id').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.messageId, t.userId, t.emoji] }),
    index('reactions_user_idx').on(t.guildId, t.userId, t.at),
  ],
);

/**
 * Reaction counts known without knowing who reacted (e.g. DiscordChatExporter CSV). Kept apart from `reactions`
 * so no fake members are ever invented.
 */
export const reactionTallies = sqliteTable(
  'reaction_tallies',
  {
    messageId: textRefColumn('message_id', () => posts.id),
    emoji: text('emoji').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.emoji] })],
);
// A tally's emoji is keyed like a reaction's (unicode emoji or custom emoji id), except from DiscordChatExporter CSV,
// which names custom emojis without their ids: there it is the custom emoji's name.

export const mentions = sqliteTable(
  'mentions',
  {
    messageId: textRefColumn('message_id', () => posts.id),
    userId: text('user_id').notNull(),
    guildId: text('guild_id').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId] }), index('mentions_user_idx').on(t.guildId, t.userId)],
);

export const RELATION_KINDS = ['reply', 'mention', 'reaction', 'co_thread'] as const;
export type RelationKind = (typeof RELATION_KINDS)[number];

/**
 * Pairs of members who both posted in a thread, from the moment the second of them did: one row per pair and
 * thread (member_a < member_b). The only relation kind not directly visible in another table.
 */
export const threadCoParticipation = sqliteTable(
  'thread_co_participation',
  {
    threadId: text('thread_id').notNull(),
    memberA: text('member_a').notNull(),
    memberB: text('member_b').notNull(),
    guildId: guildIdColumn(),
    at: integer('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.threadId, t.memberA, t.memberB] }),
    index('thread_co_participation_a_idx').on(t.guildId, t.memberA),
    index('thread_co_participation_b_idx').on(t.guildId, t.memberB),
  ],
);

/**
 * Member -> member relation events, the raw material of the trust / interaction-frequency graph: replies,
 * mentions and reactions (from the stored posts, mentions and reactions) and thread co-participation. A view, not
 * a copy: a removed reaction or deleted message takes its relation with it, and nothing is written twice.
 * Bots and self-interactions are excluded, and so is the ping a reply sends its target (Discord lists it among the
 * mentions; the reply already is that relation).
 */
export const memberRelations = sqliteView('member_relations', {
  kind: text('kind', { enum: RELATION_KINDS }).notNull(),
  guildId: text('guild_id').notNull(),
  fromId: text('from_id').notNull(),
  toId: text('to_id').notNull(),
  messageId: text('message_id'),
  at: integer('at').notNull(),
}).as(sql`
  SELECT 'reply' AS kind, r.guild_id AS guild_id, r.author_id AS from_id,
         COALESCE(r.reply_to_author_id, t.author_id) AS to_id, r.id AS message_id, r.created_at AS at
    FROM posts r LEFT JOIN posts t ON t.id = r.reply_to_id
   WHERE r.reply_to_id IS NOT NULL AND r.deleted_at IS NULL AND r.author_is_bot = 0
     AND COALESCE(r.reply_to_author_id, t.author_id) IS NOT NULL
     AND COALESCE(r.reply_to_author_id, t.author_id) <> r.author_id
     AND NOT EXISTS (SELECT 1 FROM members b WHERE b.guild_id = r.guild_id
                     AND b.user_id = COALESCE(r.reply_to_author_id, t.author_id) AND b.is_bot = 1)
  UNION ALL
  SELECT 'mention', m.guild_id, p.author_id, m.user_id, m.message_id, m.at
    FROM mentions m JOIN posts p ON p.id = m.message_id LEFT JOIN posts t ON t.id = p.reply_to_id
   WHERE p.author_is_bot = 0 AND m.user_id <> p.author_id
     AND m.user_id IS NOT COALESCE(p.reply_to_author_id, t.author_id)
     AND NOT EXISTS (SELECT 1 FROM members b WHERE b.guild_id = m.guild_id AND b.user_id = m.user_id AND b.is_bot = 1)
  UNION ALL
  SELECT 'reaction', x.guild_id, x.user_id, p.author_id, x.message_id, x.at
    FROM reactions x JOIN posts p ON p.id = x.message_id
   WHERE p.author_is_bot = 0 AND x.user_id <> p.author_id
  UNION ALL
  SELECT 'co_thread', c.guild_id, c.member_a, c.member_b, NULL, c.at FROM thread_co_participation c
`);

/**
 * Per-channel ingest position. `lastMessageId` only moves forward once everything before it is stored, so an
 * interrupted backfill resumes where it stopped.
 */
export const ingestCheckpoints = sqliteTable('ingest_checkpoints', {
  channelId: text('channel_id').primaryKey(),
  guildId: guildIdColumn(),
  lastMessageId: text('last_message_id'),
  /** When the last complete pass through the channel's history finished. */
  backfilledAt: integer('backfilled_at'),
  updatedAt: integer('updated_at').notNull().default(sql`(unixepoch() * 1000)`),
});

export type Guild = typeof guilds.$inferSelect;
export type Channel = typeof channels.$inferSelect;
export type Member = typeof members.$inferSelect;
export type Post = typeof posts.$inferSelect;
export type Reaction = typeof reactions.$inferSelect;
export type MemberRelation = typeof memberRelations.$inferSelect;

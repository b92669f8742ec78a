/**
 * The database schema: the single source of truth. `npm run db:generate` turns changes here into SQL under
 * migrations/. Times are Unix epoch milliseconds (integers): they sort, compare and feed training without parsing.
 * Discord ids are strings (snowflakes exceed 2^53).
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

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
    guildId: text('guild_id')
      .notNull()
      .references(() => guilds.id, { onDelete: 'cascade' }),
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
    guildId: text('guild_id')
      .notNull()
      .references(() => guilds.id, { onDelete: 'cascade' }),
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
    guildId: text('guild_id')
      .notNull()
      .references(() => guilds.id, { onDelete: 'cascade' }),
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
    attachmentCount: integer('attachment_count').notNull().default(0),
    content: text('content'),
    source: text('source', { enum: ['gateway', 'backfill', 'import'] }).notNull(),
  },
  (t) => [
    index('posts_guild_created_idx').on(t.guildId, t.createdAt),
    index('posts_channel_created_idx').on(t.channelId, t.createdAt),
    index('posts_thread_idx').on(t.threadId),
    index('posts_author_idx').on(t.guildId, t.authorId),
    index('posts_reply_to_idx').on(t.replyToId),
  ],
);

/** One row per (message, member, emoji): who reacted with what, and when we first saw it. */
export const reactions = sqliteTable(
  'reactions',
  {
    messageId: text('message_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
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
    messageId: text('message_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    emoji: text('emoji').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.emoji] })],
);

export const mentions = sqliteTable(
  'mentions',
  {
    messageId: text('message_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    guildId: text('guild_id').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId] }), index('mentions_user_idx').on(t.guildId, t.userId)],
);

export const RELATION_KINDS = ['reply', 'mention', 'reaction', 'co_thread'] as const;
export type RelationKind = (typeof RELATION_KINDS)[number];

/**
 * Member -> member relation events, the raw material of the trust / interaction-frequency graph. `sourceKey`
 * names the event that produced the row, so a replayed event can never add a second one.
 */
export const relationEvents = sqliteTable(
  'relation_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    guildId: text('guild_id')
      .notNull()
      .references(() => guilds.id, { onDelete: 'cascade' }),
    fromId: text('from_id').notNull(),
    toId: text('to_id').notNull(),
    kind: text('kind', { enum: RELATION_KINDS }).notNull(),
    /** The message the relation came from (the reply, the mentioning message, the reacted-to message). */
    messageId: text('message_id'),
    sourceKey: text('source_key').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [
    uniqueIndex('relation_events_source_idx').on(t.sourceKey),
    index('relation_events_from_idx').on(t.guildId, t.fromId, t.at),
    index('relation_events_to_idx').on(t.guildId, t.toId),
    index('relation_events_message_idx').on(t.messageId),
  ],
);

/**
 * Per-channel ingest position. `lastMessageId` only moves forward once everything before it is stored, so an
 * interrupted backfill resumes where it stopped.
 */
export const ingestCheckpoints = sqliteTable('ingest_checkpoints', {
  channelId: text('channel_id').primaryKey(),
  guildId: text('guild_id')
    .notNull()
    .references(() => guilds.id, { onDelete: 'cascade' }),
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
export type RelationEvent = typeof relationEvents.$inferSelect;

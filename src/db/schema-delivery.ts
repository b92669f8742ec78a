/**
 * The delivery outbox: every message attune posts on its own (not an interaction reply) is a row here first —
 * digests (community post, DMs) and announcements (badges, role rewards, contest phases, admin notices). A feature
 * enqueues a row in the same transaction as the change it announces, keyed so it is enqueued once; the outbox
 * (src/discord/delivery/outbox.ts) sends pending rows with a stable nonce and enforce_nonce, marking a row `sending`
 * before the request and `sent` after it, so a crash in between resends the same nonce and Discord returns the
 * message it already made. What a feature must remember beyond delivery (a digest's items) stays in its own tables.
 */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { guildIdColumn } from './schema-activity.js';
import { autoIdColumn } from './columns.js';

/** Who enqueued the row; each sender renders its own rows at send time. */
export const DELIVERY_SENDERS = ['digest', 'announcement'] as const;
export type DeliverySender = (typeof DELIVERY_SENDERS)[number];

/**
 * pending → sending → sent. `skipped`: nothing to send any more when its turn came (the member left, no item they
 * may see, no announcement channel); `dm_closed`: Discord refused the DM (50007) and the sender was told; `dropped`:
 * the channel, member or role is gone or attune lacks access (retrying cannot help); `failed`: gave up after
 * repeated transient errors (rate limits never count: discord.js waits them out).
 */
export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'skipped', 'dm_closed', 'dropped', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const deliveryOutbox = sqliteTable(
  'delivery_outbox',
  {
    id: autoIdColumn(),
    guildId: guildIdColumn(),
    sender: text('sender', { enum: DELIVERY_SENDERS }).notNull(),
    /** The sender's own kind of message (`dm`, `community`, `badge`, `contest_results`, …): logs, queries, tests. */
    kind: text('kind').notNull(),
    /** Unique: enqueueing the same message twice is a no-op (e.g. `badge:<guild>:<member>:<badge>`). */
    dedupeKey: text('dedupe_key').notNull(),
    /** The channel to post in; null with `userId` null: the sender picks it at send time (the guild's configured one). */
    channelId: text('channel_id'),
    /** A direct message to this member. */
    userId: text('user_id'),
    /** JSON the sender reads back when it renders the row (validated there). */
    payload: text('payload').notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('pending'),
    /**
     * The nonce of the message carrying the row, set when it is first marked `sending` (≤ 25 characters, as Discord
     * requires). Rows joined into one message share it; a resend reuses it.
     */
    nonce: text('nonce'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    messageId: text('message_id'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('delivery_outbox_dedupe_idx').on(t.dedupeKey),
    index('delivery_outbox_status_idx').on(t.status, t.id),
    index('delivery_outbox_user_idx').on(t.userId),
  ],
);

export type DeliveryRow = typeof deliveryOutbox.$inferSelect;

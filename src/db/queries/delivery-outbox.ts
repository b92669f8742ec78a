/**
 * The delivery outbox's queries (table: schema-delivery.ts). Features enqueue through `enqueueDelivery`, inside their
 * own transactions; the outbox (src/discord/delivery/outbox.ts) reads and marks rows through DeliveryOutboxStore.
 */
import type Database from 'better-sqlite3';
import type { DeliveryRow, DeliverySender, DeliveryStatus } from '../schema-delivery.js';

export interface DeliveryRequest {
  guildId: string;
  sender: DeliverySender;
  kind: string;
  dedupeKey: string;
  /** The channel; null or absent with no `userId`: the sender picks it at send time. */
  channelId?: string | null;
  /** A direct message to this member. */
  userId?: string | null;
  /** Stored as JSON; the sender validates it when it renders the row. */
  payload: unknown;
  at: number;
}

/** Enqueues a message once per dedupe key; false when the key was already there. Call it inside the change's transaction. */
export function enqueueDelivery(sqlite: Database.Database, request: DeliveryRequest): boolean {
  return (
    sqlite
      .prepare(
        `INSERT INTO delivery_outbox (guild_id, sender, kind, dedupe_key, channel_id, user_id, payload, status, attempts, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT(dedupe_key) DO NOTHING`,
      )
      .run(
        request.guildId,
        request.sender,
        request.kind,
        request.dedupeKey,
        request.channelId ?? null,
        request.userId ?? null,
        JSON.stringify(request.payload),
        request.at,
        request.at,
      ).changes > 0
  );
}

/** Which deliverable rows a pass works on: all of them, one sender's, or those whose dedupe key starts with `keyPrefix`. */
export interface DeliveryFilter {
  sender?: DeliverySender;
  keyPrefix?: string;
}

/** The statuses a pass still sends (`sending`: the request may or may not have reached Discord before a crash). */
const DELIVERABLE = `status IN ('pending', 'sending') AND attempts < @maxAttempts
  AND (@sender IS NULL OR sender = @sender)
  AND (@keyPrefix IS NULL OR substr(dedupe_key, 1, length(@keyPrefix)) = @keyPrefix)`;

const ROW_COLUMNS = `id, guild_id AS guildId, sender, kind, dedupe_key AS dedupeKey, channel_id AS channelId, user_id AS userId,
  payload, status, nonce, attempts, last_error AS lastError, message_id AS messageId, created_at AS createdAt,
  sent_at AS sentAt, updated_at AS updatedAt`;

export class DeliveryOutboxStore {
  readonly #deliverable: Database.Statement<{ maxAttempts: number; sender: string | null; keyPrefix: string | null; limit: number }, DeliveryRow>;
  readonly #countDeliverable: Database.Statement<{ maxAttempts: number; sender: string | null; keyPrefix: string | null }, { n: number }>;

  constructor(private readonly sqlite: Database.Database) {
    this.#deliverable = sqlite.prepare<{ maxAttempts: number; sender: string | null; keyPrefix: string | null; limit: number }, DeliveryRow>(`SELECT ${ROW_COLUMNS} FROM delivery_outbox WHERE ${DELIVERABLE} ORDER BY id LIMIT @limit`);
    this.#countDeliverable = sqlite.prepare<{ maxAttempts: number; sender: string | null; keyPrefix: string | null }, { n: number }>(`SELECT COUNT(*) AS n FROM delivery_outbox WHERE ${DELIVERABLE}`);
  }

  /** Rows still to send, oldest first. */
  deliverable(filter: DeliveryFilter, maxAttempts: number, limit: number): DeliveryRow[] {
    return this.#deliverable.all({ maxAttempts, limit, sender: filter.sender ?? null, keyPrefix: filter.keyPrefix ?? null });
  }

  countDeliverable(filter: DeliveryFilter, maxAttempts: number): number {
    return this.#countDeliverable.get({ maxAttempts, sender: filter.sender ?? null, keyPrefix: filter.keyPrefix ?? null })?.n ?? 0;
  }

  /** Before the request, committed on its own: a crash after this resends with the same nonce. */
  markSending(ids: readonly number[], nonce: string, at: number): void {
    this.#update(`status = 'sending', nonce = ?, attempts = attempts + 1, updated_at = ?`, [nonce, at], ids);
  }

  markSent(ids: readonly number[], messageId: string, at: number): void {
    this.#update(`status = 'sent', message_id = ?, sent_at = ?, last_error = NULL, updated_at = ?`, [messageId, at, at], ids);
  }

  /** Any other outcome: `pending` again (a retry), or a final status with why. */
  mark(ids: readonly number[], status: Exclude<DeliveryStatus, 'sending' | 'sent'>, error: string | null, at: number): void {
    this.#update(`status = ?, last_error = ?, updated_at = ?`, [status, error, at], ids);
  }

  #update(set: string, values: unknown[], ids: readonly number[]): void {
    if (ids.length === 0) return;
    this.sqlite.prepare(`UPDATE delivery_outbox SET ${set} WHERE id IN (${ids.map(() => '?').join(',')})`).run(...values, ...ids);
  }
}

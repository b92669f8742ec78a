/**
 * The one way a message attune sends on its own reaches Discord. Features enqueue rows (src/db/queries/
 * delivery-outbox.ts) in the transaction of the change they announce; a pass of the outbox sends the deliverable
 * rows in order:
 *
 * - each row is rendered by its sender at send time, from the data as it is then (permissions, deletions, the
 *   guild's language): a message to a channel or a member, a line joined with the other lines for the same channel
 *   into few messages (a burst of badges is one message, not a burst of requests), or nothing (`skipped`);
 * - its rows are marked `sending` with the message's nonce (committed) before the request, which carries the nonce
 *   with enforce_nonce, and `sent` after it, with the sender's bookkeeping in the same transaction: a crash between
 *   Discord acting and that commit resends the same nonce, and Discord answers with the message it already made;
 * - a failure is classified (discord-errors.ts): DMs closed (50007) marks the row `dm_closed` and tells the sender,
 *   forbidden or gone drops it, anything else puts it back for a later pass until `maxAttempts`, and ends the pass
 *   (network and server failures are rarely one message's). Rate limits only delay: discord.js waits them out.
 *
 * One request at a time, so deliveries never compete with interaction replies in a burst.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { DeliveryOutboxStore, type DeliveryFilter } from '../../db/queries/delivery-outbox.js';
import type { DeliveryRow } from '../../db/schema-delivery.js';
import type { Logger } from '../../ops/log.js';
import { classifyDiscordError } from './discord-errors.js';
import type { DeliveryTransport, OutgoingMessage, Recipient } from './transport.js';
import { inWriteTransaction, isSqliteBusy } from '../../db/connection.js';

/** What a row becomes when its turn comes. */
export type Rendering =
  | {
      to: Recipient;
      message: OutgoingMessage;
      /** Bookkeeping in the transaction that marks the row sent (e.g. the impressions of the items shown). */
      onSent?: (messageId: string, at: number) => void;
    }
  | { to: { channelId: string }; line: string }
  | { skip: string };

export interface OutboxSender {
  /** The `sender` of its rows. */
  name: DeliveryRow['sender'];
  render(row: DeliveryRow): Rendering | Promise<Rendering>;
  /** Discord refused a DM (50007): in the transaction that marks the row `dm_closed`. */
  onDmClosed?(row: DeliveryRow, at: number): void;
}

export interface DeliveryPass extends DeliveryFilter {
  /** Whose rows: passes of one sender run one at a time (so a row is never sent by two), other senders' meanwhile. */
  sender: DeliveryRow['sender'];
  /** The guilds this process sends for (its shards'). */
  owns: (guildId: string) => boolean;
  /** Most messages this pass sends; the rest wait for the next (default: no limit). */
  maxMessages?: number;
  /** Checked between two messages (the bot is stopping). */
  shouldStop?: () => boolean;
}

export interface DeliveryReport {
  sent: number;
  /** Rows of the pass's filter still to send (0: everything was delivered or settled). */
  remaining: number;
}

export interface DeliveryOutboxOptions {
  sqlite: Database.Database;
  transport: DeliveryTransport;
  log: Logger;
  now: () => number;
  /** Attempts before a row is `failed` (default 5). */
  maxAttempts?: number;
}

/** Most rows read per pass. */
const PASS_ROWS = 500;
/** A joined message: at most this many lines and characters (Discord allows 2,000). */
const MAX_LINES = 15;
const MAX_CHARS = 1900;

interface Unit {
  rows: DeliveryRow[];
  to: Recipient;
  message: OutgoingMessage;
  onSent?: (messageId: string, at: number) => void;
}

export class DeliveryOutbox {
  readonly #store: DeliveryOutboxStore;
  readonly #senders = new Map<string, OutboxSender>();
  /** Per sender, the pass in progress and those waiting behind it. */
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(private readonly options: DeliveryOutboxOptions) {
    this.#store = new DeliveryOutboxStore(options.sqlite);
  }

  /** Each feature that sends adds its sender once, at wiring. */
  addSender(sender: OutboxSender): void {
    if (this.#senders.has(sender.name)) throw new Error(`two senders are named ${sender.name}`);
    this.#senders.set(sender.name, sender);
  }

  get maxAttempts(): number {
    return this.options.maxAttempts ?? 5;
  }

  /** Sends what the pass selects, after the sender's pass in progress if any. */
  deliver(pass: DeliveryPass): Promise<DeliveryReport> {
    const run = (this.#queues.get(pass.sender) ?? Promise.resolve()).then(() => this.#deliver(pass));
    this.#queues.set(
      pass.sender,
      run.catch(() => undefined),
    );
    return run;
  }

  /**
   * When another connection holds the write lock past the busy timeout (a backup, a CLI import), the bookkeeping
   * cannot be written: the pass stops where it is and every row stays as it was — `sending` with its nonce once the
   * request may have gone out, so the next pass resends the same message with the same enforced nonce and Discord
   * keeps one, exactly as after a crash between the two.
   */
  async #deliver(pass: DeliveryPass): Promise<DeliveryReport> {
    const progress = { sent: 0 };
    try {
      await this.#pass(pass, progress);
    } catch (error) {
      if (!isSqliteBusy(error)) throw error;
      this.options.log.warn({ sender: pass.sender, sent: progress.sent, err: error }, 'database is busy; delivery continues at the next pass');
    }
    return this.#report(pass, progress.sent);
  }

  async #pass(pass: DeliveryPass, progress: { sent: number }): Promise<void> {
    const rows = this.#store.deliverable(pass, this.maxAttempts, PASS_ROWS).filter((row) => pass.owns(row.guildId));
    const limit = pass.maxMessages ?? Number.POSITIVE_INFINITY;
    const canSend = () => progress.sent < limit && !pass.shouldStop?.();
    const lines = new Map<string, { rows: DeliveryRow[]; lines: string[] }[]>();
    const done = new Set<number>();
    for (const row of rows) {
      if (done.has(row.id)) continue;
      if (!canSend()) break;
      // A message that was being sent when the process stopped goes out again exactly as it was made up.
      const resend = row.status === 'sending' && row.nonce !== null ? rows.filter((r) => r.status === 'sending' && r.nonce === row.nonce) : null;
      const unit = resend ? await this.#reassemble(resend) : await this.#unitOf(row, lines);
      for (const r of resend ?? [row]) done.add(r.id);
      if (!unit) continue;
      const outcome = await this.#send(unit);
      if (outcome === 'sent') progress.sent += 1;
      if (outcome === 'stop') return;
    }
    for (const batch of [...lines.values()].flat()) {
      if (!canSend()) break;
      const [first] = batch.rows;
      if (!first) continue;
      const outcome = await this.#send({ rows: batch.rows, to: { channelId: first.channelId ?? '' }, message: { content: batch.lines.join('\n') } });
      if (outcome === 'sent') progress.sent += 1;
      if (outcome === 'stop') break;
    }
  }

  #report(filter: DeliveryFilter, sent: number): DeliveryReport {
    return { sent, remaining: this.#store.countDeliverable(filter, this.maxAttempts) };
  }

  /** A row rendered as a unit of its own, or added to its channel's joined lines (null either way when not sent now). */
  async #unitOf(row: DeliveryRow, lines: Map<string, { rows: DeliveryRow[]; lines: string[] }[]>): Promise<Unit | null> {
    const rendering = await this.#render(row);
    if (rendering === null) return null;
    if ('skip' in rendering) {
      this.#store.mark([row.id], 'skipped', rendering.skip, this.options.now());
      return null;
    }
    if ('line' in rendering) {
      const { channelId } = rendering.to;
      const groups = lines.get(channelId) ?? [];
      let group = groups.at(-1);
      const size = (group?.lines.join('\n').length ?? 0) + rendering.line.length + 1;
      if (!group || group.lines.length >= MAX_LINES || size > MAX_CHARS) {
        group = { rows: [], lines: [] };
        groups.push(group);
      }
      // The channel travels on the row: a joined message goes where its rows were rendered to go.
      group.rows.push({ ...row, channelId });
      group.lines.push(rendering.line);
      lines.set(channelId, groups);
      return null;
    }
    return { rows: [row], ...rendering };
  }

  /** The rows of an interrupted message, rendered again and put together the same way. */
  async #reassemble(rows: DeliveryRow[]): Promise<Unit | null> {
    const renderings = await Promise.all(rows.map((row) => this.#render(row)));
    const joined: string[] = [];
    let to: Recipient | null = null;
    for (const rendering of renderings) {
      if (rendering === null || 'skip' in rendering) continue;
      if ('message' in rendering) return { rows, ...rendering };
      joined.push(rendering.line);
      to = rendering.to;
    }
    if (to === null) {
      this.#store.mark(
        rows.map((r) => r.id),
        'skipped',
        'nothing left to send',
        this.options.now(),
      );
      return null;
    }
    return { rows, to, message: { content: joined.join('\n') } };
  }

  async #render(row: DeliveryRow): Promise<Rendering | null> {
    const sender = this.#senders.get(row.sender);
    if (!sender) {
      // Rows of a sender this build does not know (a newer version enqueued them) wait for one that does.
      this.options.log.warn({ id: row.id, sender: row.sender }, 'no sender for a delivery; left pending');
      return null;
    }
    return sender.render(row);
  }

  /** Sends one message; 'stop' ends the pass (a transient failure). */
  async #send(unit: Unit): Promise<'sent' | 'settled' | 'stop'> {
    const [first] = unit.rows;
    if (!first) return 'settled';
    const { now, log, transport, sqlite } = this.options;
    const ids = unit.rows.map((row) => row.id);
    // The rows' nonce when they all carry the same one (a resend of a message that may have reached Discord); else a
    // new one, stable for the same rows.
    const shared = unit.rows.every((row) => row.nonce !== null && row.nonce === first.nonce) ? first.nonce : null;
    const nonce = shared ?? (unit.rows.length === 1 ? nonceOf(`outbox:${first.dedupeKey}`) : nonceOf(`batch:${ids.join(',')}`));
    this.#store.markSending(ids, nonce, now());
    const context = { guildId: first.guildId, sender: first.sender, kind: first.kind, rows: ids.length };
    let messageId: string;
    try {
      messageId = await transport.send(unit.to, unit.message, nonce);
    } catch (error) {
      const failure = classifyDiscordError(error);
      const reason = error instanceof Error ? error.message : String(error);
      if (failure === 'dm-closed' && 'userId' in unit.to) {
        const sender = this.#senders.get(first.sender);
        inWriteTransaction(sqlite, () => {
          const at = now();
          this.#store.mark(ids, 'dm_closed', reason, at);
          sender?.onDmClosed?.(first, at);
        });
        log.info(context, 'member does not accept DMs; delivery marked dm_closed');
        return 'settled';
      }
      if (failure === 'forbidden' || failure === 'gone' || failure === 'dm-closed') {
        this.#store.mark(ids, 'dropped', `${failure}: ${reason}`, now());
        log.warn({ ...context, err: error, failure }, 'delivery dropped: recipient gone or not allowed');
        return 'settled';
      }
      const attempts = Math.max(...unit.rows.map((row) => row.attempts)) + 1;
      const failed = attempts >= this.maxAttempts;
      this.#store.mark(ids, failed ? 'failed' : 'pending', reason, now());
      log.warn({ ...context, err: error, attempts }, failed ? 'delivery failed; giving up' : 'delivery not sent; retried at the next pass');
      return 'stop';
    }
    inWriteTransaction(sqlite, () => {
      const at = now();
      this.#store.markSent(ids, messageId, at);
      unit.onSent?.(messageId, at);
    });
    return 'sent';
  }
}

/** A row's payload as its sender's schema reads it; null when it does not fit (the sender skips the row). */
export function payloadOf<S extends z.ZodType>(row: DeliveryRow, schema: S): z.infer<S> | null {
  let json: unknown;
  try {
    json = JSON.parse(row.payload);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** Stable for the same input, ≤ 25 characters as Discord requires of a nonce. */
function nonceOf(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 25);
}

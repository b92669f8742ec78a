import { ActivityStore } from '../../src/ingest/activity-store.js';
import type { IngestOp } from '../../src/ingest/records.js';
import { EconomyService } from '../../src/economy/service.js';
import { silentLogger } from '../../src/ops/log.js';
import { rows } from '../helpers/rows.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';

export const GUILD = '100000000000000001';
export const DAY = 86_400_000;
/** 2026-03-02 00:00 UTC, a Monday. */
export const T0 = Date.UTC(2026, 2, 2);

/** A real database with the ingest store and the economy service on it, as the bot wires them (minus Discord). */
export class EconomyWorld {
  readonly db: TempDb;
  readonly store: ActivityStore;
  economy: EconomyService;
  clock = T0;

  constructor(db?: TempDb) {
    this.db = db ?? createTempDb();
    this.store = new ActivityStore(this.db.sqlite);
    this.economy = this.newService();
    this.apply([{ kind: 'guild', guild: { id: GUILD, name: 'g', ownerId: null, preferredLocale: 'en-US' }, at: 0 }]);
  }

  newService(): EconomyService {
    return new EconomyService({ sqlite: this.db.sqlite, db: this.db.db, log: silentLogger, now: () => this.clock });
  }

  /** Writes ops as the store worker does and tells the economy, as IngestWriter's commit listener does. */
  apply(ops: IngestOp[]): void {
    this.store.apply(ops);
    this.economy.noteCommitted(ops);
  }

  member(userId: string, joinedAt: number, isBot = false): void {
    this.apply([{ kind: 'member', member: { guildId: GUILD, userId, username: `u${userId}`, displayName: null, isBot, joinedAt }, at: joinedAt }]);
  }

  post(id: string, authorId: string, at: number, options: { replyTo?: string; replyToAuthor?: string; channelId?: string; isBot?: boolean } = {}): void {
    this.apply([
      {
        kind: 'post',
        post: {
          id,
          guildId: GUILD,
          channelId: options.channelId ?? '200000000000000001',
          threadId: null,
          authorId,
          authorIsBot: options.isBot ?? false,
          createdAt: at,
          editedAt: null,
          replyToId: options.replyTo ?? null,
          replyToAuthorId: options.replyToAuthor ?? null,
          attachmentCount: 0,
          content: 'x',
          mentionedUserIds: [],
          source: 'gateway',
        },
      },
    ]);
  }

  react(messageId: string, userId: string, at: number, emoji = '👍'): void {
    this.apply([{ kind: 'reactionAdded', reaction: { guildId: GUILD, messageId, userId, emoji, emojiName: emoji, at } }]);
  }

  unreact(messageId: string, userId: string, emoji = '👍'): void {
    this.apply([{ kind: 'reactionRemoved', messageId, userId, emoji }]);
  }

  deletePost(id: string, at: number): void {
    this.apply([{ kind: 'postsDeleted', ids: [id], at }]);
  }

  rows<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[] {
    return rows<T>(this.db, sql, ...params);
  }

  balance(memberId: string): number {
    return this.economy.ledger.balance(GUILD, memberId);
  }

  entry(sourceKey: string): { delta: number; denial: string | null; memberId: string } | undefined {
    return this.rows<{ delta: number; denial: string | null; memberId: string }>(
      `SELECT delta, denial, member_id AS memberId FROM points_ledger WHERE source_key = ?`,
      sourceKey,
    )[0];
  }

  dispose(): void {
    this.economy.stop();
    this.db.dispose();
  }
}

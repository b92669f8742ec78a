/** A concise way to write a small guild's history through the real ingest path (ActivityStore) for graph and eval tests. */
import type Database from 'better-sqlite3';
import { ActivityStore } from '../../src/ingest/activity-store.js';
import type { ChannelKind } from '../../src/db/schema.js';
import type { IngestOp } from '../../src/ingest/records.js';

export const GUILD = '100000000000000001';
export const GENERAL = '300000000000000001';
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface FixturePost {
  id: string;
  author: string;
  at: number;
  channel?: string;
  thread?: string | null;
  replyTo?: string | null;
  mentions?: string[];
  content?: string | null;
  bot?: boolean;
}

export class GuildFixture {
  readonly store: ActivityStore;
  private readonly authors = new Map<string, string>();

  constructor(
    readonly sqlite: Database.Database,
    readonly guildId = GUILD,
    start = Date.parse('2026-10-01T00:00:00Z'),
  ) {
    this.store = new ActivityStore(sqlite);
    this.store.apply([
      { kind: 'guild', guild: { id: guildId, name: 'Fixture', ownerId: null, preferredLocale: 'en-US' }, at: start },
      {
        kind: 'channel',
        channel: { id: GENERAL, guildId, parentId: null, name: 'general', kind: 'text', nsfw: false, ownerId: null, archived: false, createdAt: start },
        at: start,
      },
    ]);
  }

  member(userId: string, joinedAt: number | null, isBot = false): this {
    this.store.apply([
      { kind: 'member', member: { guildId: this.guildId, userId, username: `u${userId.slice(-3)}`, displayName: null, isBot, joinedAt }, at: joinedAt ?? 0 },
    ]);
    return this;
  }

  channel(id: string, kind: ChannelKind, parentId: string | null, createdAt: number): this {
    this.store.apply([
      { kind: 'channel', channel: { id, guildId: this.guildId, parentId, name: `c${id.slice(-3)}`, kind, nsfw: false, ownerId: null, archived: false, createdAt }, at: createdAt },
    ]);
    return this;
  }

  post(p: FixturePost): this {
    this.authors.set(p.id, p.author);
    const replyToAuthorId = p.replyTo ? (this.authors.get(p.replyTo) ?? null) : null;
    const op: IngestOp = {
      kind: 'post',
      post: {
        id: p.id,
        guildId: this.guildId,
        channelId: p.channel ?? GENERAL,
        threadId: p.thread ?? null,
        authorId: p.author,
        authorIsBot: p.bot ?? false,
        createdAt: p.at,
        editedAt: null,
        replyToId: p.replyTo ?? null,
        replyToAuthorId,
        attachmentCount: 0,
        content: p.content === undefined ? `post ${p.id}` : p.content,
        mentionedUserIds: p.mentions ?? [],
        source: 'import',
      },
    };
    this.store.apply([op]);
    return this;
  }

  react(messageId: string, userId: string, at: number, emoji = '👍'): this {
    this.store.apply([{ kind: 'reactionAdded', reaction: { guildId: this.guildId, messageId, userId, emoji, emojiName: null, at } }]);
    return this;
  }

  delete(messageId: string, at: number): this {
    this.store.apply([{ kind: 'postsDeleted', ids: [messageId], at }]);
    return this;
  }
}

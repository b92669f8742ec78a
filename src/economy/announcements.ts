/**
 * The announcement outbox. Features enqueue in the same transaction as the change they announce (a badge award, a
 * contest closing), keyed so each is enqueued once. The announcer tick sends what is pending, grouped per channel
 * and joined into few messages, one request at a time, a bounded number per tick: a burst of badges becomes one
 * message, never a burst of requests (and discord.js queues any 429 it still meets).
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ActionRowBuilder, ButtonBuilder } from 'discord.js';
import { z } from 'zod';
import type { Logger } from '../ops/log.js';
import type { AppLocale } from '../i18n/locale.js';
import { classifyDiscordError } from './discord-errors.js';

export const announcementPayloadSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('badge'), memberId: z.string(), badge: z.string() }),
  z.object({ kind: z.literal('role_reward'), memberId: z.string(), roleId: z.string(), threshold: z.number() }),
  z.object({ kind: z.literal('admin_notice'), notice: z.literal('missing_manage_roles') }),
  z.object({ kind: z.literal('contest_voting'), contestId: z.number() }),
  z.object({ kind: z.literal('contest_results'), contestId: z.number() }),
  z.object({ kind: z.literal('contest_cancelled'), contestId: z.number() }),
]);
export type AnnouncementPayload = z.infer<typeof announcementPayloadSchema>;

export interface OutgoingMessage {
  content: string;
  /** Buttons; messages with components are sent on their own. */
  components?: ActionRowBuilder<ButtonBuilder>[];
}

/** Renders one announcement as a line to batch, or as a message of its own (with buttons). */
export type Rendered = { line: string } | { message: OutgoingMessage } | null;
export type AnnouncementRenderer = (guildId: string, payload: AnnouncementPayload, locale: AppLocale) => Rendered;

export function enqueueAnnouncement(
  sqlite: Database.Database,
  a: { guildId: string; channelId: string | null; payload: AnnouncementPayload; dedupeKey: string; at: number },
): boolean {
  return (
    sqlite
      .prepare(`INSERT INTO economy_announcements (guild_id, channel_id, kind, payload, dedupe_key, created_at)
        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(dedupe_key) DO NOTHING`)
      .run(a.guildId, a.channelId, a.payload.kind, JSON.stringify(a.payload), a.dedupeKey, a.at).changes > 0
  );
}

export interface AnnouncerOptions {
  /**
   * Sends a message with `nonce` and enforce_nonce, so a resend after a crash between the send and its commit is
   * de-duplicated by Discord (it returns the first message); throws what discord.js throws.
   */
  deliver: (channelId: string, message: OutgoingMessage, nonce: string) => Promise<void>;
  render: AnnouncementRenderer;
  /** The channel for announcements without one (the guild's configured channel), or null. */
  defaultChannel: (guildId: string) => string | null;
  localeOf: (guildId: string) => AppLocale;
  log: Logger;
  now: () => number;
  /** Most messages sent per tick (default 10); the rest wait for the next tick. */
  maxMessagesPerTick?: number;
}

const MAX_LINES = 15;
const MAX_CHARS = 1900;

interface Pending {
  id: number;
  guildId: string;
  channelId: string | null;
  payload: string;
}

export class Announcer {
  constructor(
    private readonly sqlite: Database.Database,
    private readonly options: AnnouncerOptions,
  ) {}

  /** Sends the pending announcements of the guilds `owns` accepts (this process's); returns how many messages were sent. */
  async sendPending(owns: (guildId: string) => boolean = () => true): Promise<number> {
    const { log } = this.options;
    let pending = this.sqlite
      .prepare(`SELECT id, guild_id AS guildId, channel_id AS channelId, payload FROM economy_announcements
        WHERE sent_at IS NULL AND dropped_at IS NULL ORDER BY id LIMIT 200`)
      .all() as Pending[];
    pending = pending.filter((row) => owns(row.guildId));
    const batches = new Map<string, { guildId: string; channelId: string; ids: number[]; lines: string[] }[]>();
    const standalone: { guildId: string; channelId: string; ids: number[]; message: OutgoingMessage }[] = [];
    for (const row of pending) {
      const channelId = row.channelId ?? this.options.defaultChannel(row.guildId);
      const parsed = announcementPayloadSchema.safeParse(safeJson(row.payload));
      const rendered = parsed.success ? this.options.render(row.guildId, parsed.data, this.options.localeOf(row.guildId)) : null;
      if (channelId === null || rendered === null) {
        this.drop([row.id], channelId === null ? 'no announcement channel configured' : 'nothing to announce');
        continue;
      }
      if ('message' in rendered) {
        standalone.push({ guildId: row.guildId, channelId, ids: [row.id], message: rendered.message });
        continue;
      }
      const groups = batches.get(channelId) ?? [];
      let group = groups.at(-1);
      const size = (group?.lines.join('\n').length ?? 0) + rendered.line.length + 1;
      if (!group || group.lines.length >= MAX_LINES || size > MAX_CHARS) {
        group = { guildId: row.guildId, channelId, ids: [], lines: [] };
        groups.push(group);
      }
      group.ids.push(row.id);
      group.lines.push(rendered.line);
      batches.set(channelId, groups);
    }
    const messages = [
      ...standalone,
      ...[...batches.values()].flat().map((g) => ({ guildId: g.guildId, channelId: g.channelId, ids: g.ids, message: { content: g.lines.join('\n') } })),
    ];
    let sent = 0;
    const limit = this.options.maxMessagesPerTick ?? 10;
    for (const item of messages.slice(0, limit)) {
      try {
        // One request at a time: announcements never compete with interaction replies in a burst.
        await this.options.deliver(item.channelId, item.message, announcementNonce(item.ids));
        this.sqlite
          .prepare(`UPDATE economy_announcements SET sent_at = ? WHERE id IN (${item.ids.map(() => '?').join(',')})`)
          .run(this.options.now(), ...item.ids);
        sent += 1;
      } catch (error) {
        const failure = classifyDiscordError(error);
        if (failure === 'transient') {
          log.warn({ err: error, guildId: item.guildId, channelId: item.channelId }, 'announcement not sent; will retry');
          break;
        }
        log.warn({ err: error, guildId: item.guildId, channelId: item.channelId, failure }, 'announcement dropped: channel gone or not allowed');
        this.drop(item.ids, failure);
      }
    }
    return sent;
  }

  private drop(ids: number[], error: string): void {
    this.sqlite
      .prepare(`UPDATE economy_announcements SET dropped_at = ?, error = ? WHERE id IN (${ids.map(() => '?').join(',')})`)
      .run(this.options.now(), error, ...ids);
  }
}

/**
 * The nonce of a message carrying these announcement rows: stable across restarts as long as the same rows are
 * pending together (they are, right after a crash), and at most 25 characters as Discord requires.
 */
export function announcementNonce(ids: readonly number[]): string {
  return createHash('sha256').update(`announcement:${ids.join(',')}`).digest('base64url').slice(0, 25);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

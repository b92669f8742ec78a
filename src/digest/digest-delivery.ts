/**
 * Delivers a day's digests from the outbox: the community message once (its id is recorded; a resend after a crash
 * carries the same nonce with enforce_nonce, which Discord deduplicates), then every pending DM row in member order.
 * Each row is marked `sending` before the request and `sent` after it, with the row's stable nonce; permissions and
 * deletions are re-checked at send time. Rate limits (429) are waited out by discord.js's queue, so they delay but
 * never drop; 50007 ("cannot send messages to this user") marks the member's DMs closed and leaves them the picks
 * button; other errors put the row back for the next tick, up to `maxAttempts`.
 */
import { DiscordAPIError, RESTJSONErrorCodes, type Client } from 'discord.js';
import type Database from 'better-sqlite3';
import type { Db } from '../db/connection.js';
import type { DigestOutboxRow, DigestRun } from '../db/schema-recommend.js';
import { digestText } from '../i18n/digest.js';
import { appLocale } from '../i18n/locale.js';
import type { Logger } from '../ops/log.js';
import type { ChannelAccess } from '../recommend/channel-access.js';
import { databaseThreadKnowledge } from '../recommend/db-thread-knowledge.js';
import type { RecommendService } from '../recommend/recommend-service.js';
import { digestNonce } from './digest-composer.js';
import type { DigestItem } from './digest-items.js';
import { renderCommunityDigest, renderPersonalDigest } from './digest-render.js';
import { markDmClosed } from './digest-settings-store.js';
import { visibleItems } from './visible-items.js';

export interface DigestDeliveryOptions {
  sqlite: Database.Database;
  db: Db;
  client: Client;
  access: ChannelAccess;
  recommend: RecommendService;
  log: Logger;
  now: () => number;
  maxAttempts?: number;
}

type OutboxRow = Omit<DigestOutboxRow, 'items'> & { items: string; memberLocale: string | null };

export class DigestDelivery {
  readonly #rows: Database.Statement;
  readonly #setStatus: Database.Statement;
  readonly #markSending: Database.Statement;
  readonly #markSent: Database.Statement;

  constructor(private readonly options: DigestDeliveryOptions) {
    const { sqlite } = options;
    this.#rows = sqlite.prepare(
      `SELECT o.guild_id AS guildId, o.member_id AS memberId, o.day, o.kind, o.status, o.items, o.method, o.nonce, o.attempts,
              p.locale AS memberLocale
         FROM digest_outbox o
         LEFT JOIN digest_preferences p ON p.guild_id = o.guild_id AND p.member_id = o.member_id
        WHERE o.guild_id = ? AND o.day = ? AND o.kind = 'dm' AND o.status IN ('pending', 'sending') AND o.attempts < ?
        ORDER BY o.member_id`,
    );
    this.#markSending = sqlite.prepare(
      `UPDATE digest_outbox SET status = 'sending', attempts = attempts + 1 WHERE guild_id = ? AND member_id = ? AND day = ?`,
    );
    this.#setStatus = sqlite.prepare(
      `UPDATE digest_outbox SET status = ?, last_error = ? WHERE guild_id = ? AND member_id = ? AND day = ?`,
    );
    this.#markSent = sqlite.prepare(
      `UPDATE digest_outbox SET status = 'sent', message_id = ?, delivered_at = ?, last_error = NULL
        WHERE guild_id = ? AND member_id = ? AND day = ?`,
    );
  }

  get maxAttempts(): number {
    return this.options.maxAttempts ?? 5;
  }

  /** Sends what is left of the run; true when nothing deliverable remains (the run is done). */
  async deliverRun(run: DigestRun, shouldStop: () => boolean): Promise<boolean> {
    if (run.messageId === null) await this.#postCommunity(run);
    const rows = this.#rows.all(run.guildId, run.day, this.maxAttempts) as OutboxRow[];
    for (const row of rows) {
      if (shouldStop()) return false;
      await this.#sendDirect(row);
    }
    return (this.#rows.all(run.guildId, run.day, this.maxAttempts) as OutboxRow[]).length === 0;
  }

  async #postCommunity(run: DigestRun): Promise<void> {
    const { client, sqlite, log } = this.options;
    const guild = client.guilds.cache.get(run.guildId);
    const channel = guild?.channels.cache.get(run.channelId);
    if (!guild || !channel || !channel.isSendable()) {
      log.warn({ guildId: run.guildId, channelId: run.channelId }, 'digest channel unavailable; community digest skipped');
      return;
    }
    const everyone = this.options.access.forEveryone(run.guildId, databaseThreadKnowledge(sqlite, ''));
    const items = everyone ? visibleItems(sqlite, everyone, run.items) : [];
    const locale = appLocale(guild.preferredLocale);
    const reply = renderCommunityDigest(run.guildId, run.day, items, digestText(locale).communityMethod, locale);
    try {
      const message = await channel.send({
        ...reply,
        content: reply.content ?? undefined,
        allowedMentions: { parse: [] },
        nonce: digestNonce(run.guildId, 'community', run.day),
        enforceNonce: true,
      });
      sqlite.prepare(`UPDATE digest_runs SET message_id = ? WHERE guild_id = ? AND day = ?`).run(message.id, run.guildId, run.day);
    } catch (error) {
      log.warn({ err: error, guildId: run.guildId, channelId: run.channelId }, 'community digest could not be posted');
    }
  }

  async #sendDirect(row: OutboxRow): Promise<void> {
    const { client, sqlite, log, now } = this.options;
    const key = [row.guildId, row.memberId, row.day] as const;
    this.#markSending.run(...key);
    try {
      const access = await this.options.access.forMember(row.guildId, row.memberId, databaseThreadKnowledge(sqlite, row.memberId));
      if (!access) {
        this.#setStatus.run('empty', 'not a member any more', ...key);
        return;
      }
      // Permissions may have changed since composing: send only what the member may see now.
      const items = visibleItems(sqlite, access, JSON.parse(row.items) as DigestItem[]);
      if (items.length === 0) {
        this.#setStatus.run('empty', null, ...key);
        return;
      }
      const guild = client.guilds.cache.get(row.guildId);
      // A DM has no interaction to take a language from: the member's client language when they chose DMs, else the guild's.
      const locale = appLocale(row.memberLocale ?? guild?.preferredLocale);
      const reply = renderPersonalDigest(row.guildId, items, row.method, locale, {
        title: digestText(locale).personalTitle({ guild: guild?.name ?? row.guildId }),
        direct: true,
      });
      const user = await client.users.fetch(row.memberId);
      const message = await user.send({
        ...reply,
        content: reply.content ?? undefined,
        allowedMentions: { parse: [] },
        nonce: row.nonce,
        enforceNonce: true,
      });
      sqlite.transaction(() => {
        this.#markSent.run(message.id, now(), ...key);
        this.options.recommend.recordImpressions(
          row.guildId,
          row.memberId,
          'digest_dm',
          items.map((item) => ({ postId: item.postId, reason: item.reason.kind })),
          row.method,
          now(),
          row.day,
        );
      })();
    } catch (error) {
      if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser) {
        sqlite.transaction(() => {
          this.#setStatus.run('dm_closed', error.message, ...key);
          markDmClosed(this.options.db, row.guildId, row.memberId, now());
        })();
        log.info({ guildId: row.guildId, memberId: row.memberId }, 'member does not accept DMs; digest falls back to the picks button');
        return;
      }
      const failed = row.attempts + 1 >= this.maxAttempts;
      this.#setStatus.run(failed ? 'failed' : 'pending', String(error instanceof Error ? error.message : error), ...key);
      log.warn({ err: error, guildId: row.guildId, memberId: row.memberId, attempts: row.attempts + 1 }, 'digest DM not delivered; will retry');
    }
  }
}

export type { DigestRun };

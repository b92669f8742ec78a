/**
 * Wires the message attune sends after joining a server (commands/render/setup-sender.ts renders it). It is enqueued
 * in the delivery outbox once per join — keyed by the server and the moment attune joined, so a restart, a gateway
 * resume or a re-delivered GUILD_CREATE finds it already there — once the server's row is committed (the first sync
 * after the join, live or at the start-up after a join made while attune was offline). Wiring only.
 */
import type { Client } from 'discord.js';
import type { DatabaseHandle } from '../db/connection.js';
import { enqueueDelivery } from '../db/queries/delivery-outbox.js';
import type { DeliveryOutbox } from '../discord/delivery/outbox.js';
import type { IngestWriter } from '../ingest/ingest-writer.js';
import type { Logger } from '../ops/log.js';
import { setupNoticeSender } from '../../commands/render/setup-sender.js';

/** A join older than this when attune first syncs the server (it was offline all along, or an upgrade) gets no message. */
const RECENT_JOIN_MS = 7 * 86_400_000;

export interface SetupNoticeOptions {
  client: Client;
  outbox: DeliveryOutbox;
  database: DatabaseHandle;
  writer: IngestWriter;
  log: Logger;
  now: () => number;
  messageContent: boolean;
}

/** The dedupe key of a join's setup message. */
export function setupNoticeKey(guildId: string, joinedAt: number): string {
  return `setup:${guildId}:${joinedAt}`;
}

export function wireSetupNotices(options: SetupNoticeOptions): void {
  const { client, outbox, database, log, now } = options;
  outbox.addSender(setupNoticeSender(client, database.db, { messageContent: options.messageContent, now }));
  options.writer.onCommitted((ops) => {
    for (const op of ops) {
      if (op.kind !== 'guild') continue;
      const guild = client.guilds.cache.get(op.guild.id);
      const joinedAt = guild?.joinedTimestamp;
      if (!guild || joinedAt === undefined || now() - joinedAt > RECENT_JOIN_MS) continue;
      const enqueued = enqueueDelivery(database.sqlite, {
        guildId: guild.id,
        sender: 'setup',
        kind: 'setup',
        dedupeKey: setupNoticeKey(guild.id, joinedAt),
        payload: {},
        at: now(),
      });
      if (enqueued) log.info({ guildId: guild.id }, 'setup message queued');
      // Also sends one a failed attempt left pending (the next sync retries it).
      outbox
        .deliver({ sender: 'setup', keyPrefix: `setup:${guild.id}:`, owns: () => true })
        .catch((error: unknown) => log.warn({ err: error, guildId: guild.id }, 'setup message not sent'));
    }
  });
}

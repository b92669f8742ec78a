/**
 * The digest rows of the delivery outbox, rendered when their turn comes: the day's community post in the guild's
 * language, and each member's DM in theirs (their client's language when they chose DMs, else the guild's), each
 * with only the items its reader may see at that moment.
 */
import type { Client } from 'discord.js';
import { z } from 'zod';
import type { DigestDeliveries } from '../../src/digest/digest-deliveries.js';
import { payloadOf, type OutboxSender, type Rendering } from '../../src/discord/delivery/outbox.js';
import type { OutgoingMessage } from '../../src/discord/delivery/transport.js';
import type { Reply } from '../../src/discord/interactions/respond.js';
import { digestText } from '../../src/i18n/digest.js';
import { appLocale, type AppLocale } from '../../src/i18n/locale.js';
import type { PostPreviews } from '../../src/recommend/post-previews.js';
import { renderCommunityDigest, renderPersonalDigest } from './digest-messages.js';

const payloadSchema = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

export interface DigestSenderReads {
  /** What each listed post is about (titles, snippets, counts), read when the message is rendered. */
  previews: (guildId: string, postIds: readonly string[]) => PostPreviews;
  /** The language of the guild's channel posts (the admin's `/settings language`, else the server's). */
  localeOf: (guildId: string) => AppLocale;
}

export function digestSender(client: Client, digests: DigestDeliveries, { previews, localeOf }: DigestSenderReads): OutboxSender {
  return {
    name: 'digest',
    async render(row): Promise<Rendering> {
      const payload = payloadOf(row, payloadSchema);
      if (!payload) return { skip: 'unreadable digest delivery' };
      const { day } = payload;
      const guild = client.guilds.cache.get(row.guildId);
      if (row.userId === null) {
        if (!guild || row.channelId === null) return { skip: 'digest channel unavailable' };
        const items = await digests.community(row.guildId, day, row.channelId);
        if (items === null) return { skip: 'digest run gone' };
        const locale = localeOf(row.guildId);
        const message = renderCommunityDigest(row.guildId, day, items, previews(row.guildId, items.map((item) => item.postId)), locale);
        // A day with nothing worth reading (or nothing every member may see any more) is not posted.
        if (message === null) return { skip: 'nothing worth sending' };
        return {
          to: { channelId: row.channelId },
          message: outgoing(message),
          onSent: (messageId) => digests.communityPosted(row.guildId, day, messageId),
        };
      }
      const memberId = row.userId;
      const digest = await digests.personal(row.guildId, memberId, day);
      if (digest === null) return { skip: 'no digest composed' };
      if (digest === 'not-a-member') return { skip: 'not a member any more' };
      if (digest === 'not-wanted') return { skip: 'the member turned DM digests off or opted out' };
      if (digest.items.length === 0) return { skip: 'nothing left the member may see' };
      // A DM has no interaction to take a language from: the member's client language when they chose DMs, else the guild's.
      const locale = digest.memberLocale ? appLocale(digest.memberLocale) : localeOf(row.guildId);
      const reply = renderPersonalDigest(row.guildId, digest.items, digest.method, locale, {
        title: digestText(locale).personalTitle({ guild: guild?.name ?? row.guildId }),
        direct: true,
        previews: previews(row.guildId, digest.items.map((item) => item.postId)),
      });
      return {
        to: { userId: memberId },
        message: outgoing(reply),
        onSent: (_messageId, at) => digests.directSent(row.guildId, memberId, day, digest, at),
      };
    },
    onDmClosed(row, at) {
      if (row.userId !== null) digests.dmClosed(row.guildId, row.userId, at);
    },
  };
}

/** A rendered reply as a channel or DM message (no reply-only fields). */
function outgoing(reply: Reply): OutgoingMessage {
  return {
    ...(reply.content ? { content: reply.content } : {}),
    ...(reply.embeds ? { embeds: reply.embeds } : {}),
    ...(reply.components ? { components: reply.components } : {}),
  };
}

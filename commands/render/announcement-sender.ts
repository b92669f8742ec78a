/**
 * The announcement rows of the delivery outbox, rendered when their turn comes: economy announcements (badges, role
 * rewards) as lines the outbox joins per channel, contest phases and results and admin notices as messages of their
 * own (voting carries its buttons), in the guild's language at that moment.
 */
import type { ContestService } from '../../src/contests/service.js';
import { payloadOf, type OutboxSender } from '../../src/discord/delivery/outbox.js';
import { announcementPayloadSchema } from '../../src/economy/announcements.js';
import type { AppLocale } from '../../src/i18n/locale.js';
import { renderContestAnnouncement } from './contests.js';
import { renderEconomyAnnouncement } from './economy.js';

export interface AnnouncementSenderOptions {
  contests: ContestService;
  /** The guild's announcement channel (economy settings) for announcements enqueued without one. */
  defaultChannel: (guildId: string) => string | null;
  localeOf: (guildId: string) => AppLocale;
  /** A jump link to a post (contest entries). */
  postLink: (guildId: string, postId: string) => string;
  /** Whether the member opted out in the guild now: an announcement about them is not sent (PRIVACY.md). */
  isOptedOut: (guildId: string, memberId: string) => boolean;
}

export function announcementSender(options: AnnouncementSenderOptions): OutboxSender {
  return {
    name: 'announcement',
    render(row) {
      const channelId = row.channelId ?? options.defaultChannel(row.guildId);
      const payload = payloadOf(row, announcementPayloadSchema);
      if (channelId === null) return { skip: 'no announcement channel configured' };
      // Checked when sending: the member may have opted out (or been erased) since it was enqueued.
      if (payload && 'memberId' in payload && options.isOptedOut(row.guildId, payload.memberId)) return { skip: 'the member opted out' };
      const locale = options.localeOf(row.guildId);
      const rendered = payload
        ? (renderEconomyAnnouncement(payload, locale) ??
          renderContestAnnouncement(options.contests, (postId) => options.postLink(row.guildId, postId), row.guildId, payload, locale))
        : null;
      if (rendered === null) return { skip: 'nothing to announce' };
      return 'line' in rendered ? { to: { channelId }, line: rendered.line } : { to: { channelId }, message: rendered.message };
    },
  };
}

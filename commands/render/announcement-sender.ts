/**
 * The announcement rows of the delivery outbox, rendered when their turn comes: economy announcements (badges, role
 * rewards) as lines the outbox joins per channel, contest phases and results and admin notices as messages of their
 * own (voting carries its buttons), in the guild's language at that moment.
 */
import type { ContestService } from '../../src/contests/service.js';
import { payloadOf, type OutboxSender } from '../../src/discord/delivery/outbox.js';
import { announcementPayloadSchema } from '../../src/economy/announcements.js';
import type { AppLocale } from '../../src/i18n/locale.js';
import type { ChannelAccess } from '../../src/recommend/channel-access.js';
import { renderContestAnnouncement } from './contests.js';
import { renderEconomyAnnouncement } from './economy.js';

export interface AnnouncementSenderOptions {
  contests: ContestService;
  /** Whether the guild's economy and contests are on now: announcements of a feature turned off are not sent. */
  switches: (guildId: string) => { economy: boolean; contests: boolean };
  /** The guild's announcement channel (economy settings) for announcements enqueued without one. */
  defaultChannel: (guildId: string) => string | null;
  localeOf: (guildId: string) => AppLocale;
  /** A jump link to a post (contest entries). */
  postLink: (guildId: string, postId: string) => string;
  /** Whether the member opted out in the guild now: an announcement about them is not sent (PRIVACY.md). */
  isOptedOut: (guildId: string, memberId: string) => boolean;
  /** Who may view what: a contest entry is linked only when every reader of the announcement's channel may view it. */
  access: ChannelAccess;
}

export function announcementSender(options: AnnouncementSenderOptions): OutboxSender {
  return {
    name: 'announcement',
    async render(row) {
      const channelId = row.channelId ?? options.defaultChannel(row.guildId);
      const payload = payloadOf(row, announcementPayloadSchema);
      if (channelId === null) return { skip: 'no announcement channel configured' };
      if (payload) {
        const on = options.switches(row.guildId);
        if (payload.kind.startsWith('contest_') ? !on.contests : !on.economy) return { skip: 'feature turned off' };
      }
      // Checked when sending: the member may have opted out (or been erased) since it was enqueued.
      if (payload && 'memberId' in payload && options.isOptedOut(row.guildId, payload.memberId)) return { skip: 'the member opted out' };
      const locale = options.localeOf(row.guildId);
      const linksEntries = payload?.kind === 'contest_voting' || payload?.kind === 'contest_results';
      const links = linksEntries ? await entryLinks(options, row.guildId, channelId) : () => null;
      const rendered = payload
        ? (renderEconomyAnnouncement(payload, locale) ?? renderContestAnnouncement(options.contests, links, row.guildId, payload, locale))
        : null;
      if (rendered === null) return { skip: 'nothing to announce' };
      return 'line' in rendered ? { to: { channelId }, line: rendered.line } : { to: { channelId }, message: rendered.message };
    },
  };
}

/**
 * Jump links to contest entries, for a message every reader of `channelId` reads: a link only to a post each of them
 * may view at send time (null otherwise, and when that cannot be established). Private threads never qualify.
 */
async function entryLinks(options: AnnouncementSenderOptions, guildId: string, channelId: string): Promise<(postId: string) => string | null> {
  const readers = await options.access.forReadersOf(guildId, channelId);
  return (postId) => {
    const location = options.contests.postLocation(guildId, postId);
    return readers && location && readers.canView(location.channelId, location.threadId) ? options.postLink(guildId, postId) : null;
  };
}

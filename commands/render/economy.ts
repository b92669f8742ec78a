/** How economy things read in messages: badge and reason names, and the economy's announcements. */
import { economyText } from '../../src/i18n/economy.js';
import type { AppLocale } from '../../src/i18n/locale.js';
import type { OutgoingMessage } from '../../src/discord/delivery/transport.js';
import type { AnnouncementPayload } from '../../src/economy/announcements.js';
import type { BadgeId } from '../../src/economy/badges.js';

/** An announcement as a line to join with others for the same channel, or as a message of its own (with buttons). */
export type AnnouncementRendering = { line: string } | { message: OutgoingMessage } | null;

type EconomyStrings = ReturnType<typeof economyText>;

const BADGE_KEYS: Record<BadgeId, keyof EconomyStrings> = {
  first_post: 'badgeFirstPost',
  reactions_100: 'badgeReactions100',
  streak_7: 'badgeStreak7',
  first_reply_with_reactions: 'badgeFirstReplyWithReactions',
  contest_winner: 'badgeContestWinner',
};

const REASON_KEYS: Record<string, keyof EconomyStrings> = {
  post: 'reasonPost',
  reaction_received: 'reasonReaction',
  reply_received: 'reasonReply',
  contest_entry: 'reasonEntry',
  contest_placing: 'reasonPlacing',
  adjustment: 'reasonAdjustment',
};

function fixed(text: EconomyStrings, key: keyof EconomyStrings | undefined, fallback: string): string {
  const value = key === undefined ? undefined : text[key];
  return typeof value === 'string' ? value : fallback;
}

export function badgeName(badge: string, locale: AppLocale): string {
  return fixed(economyText(locale), BADGE_KEYS[badge as BadgeId], badge);
}

export function reasonName(reason: string, locale: AppLocale): string {
  return fixed(economyText(locale), REASON_KEYS[reason], reason);
}

export function renderEconomyAnnouncement(payload: AnnouncementPayload, locale: AppLocale): AnnouncementRendering {
  const text = economyText(locale);
  switch (payload.kind) {
    case 'badge':
      return { line: text.badgeAnnouncement({ member: payload.memberId, badge: badgeName(payload.badge, locale) }) };
    case 'role_reward':
      return { line: text.roleAnnouncement({ member: payload.memberId, role: `<@&${payload.roleId}>` }) };
    case 'admin_notice':
      return { message: { content: text.missingManageRoles } };
    default:
      return null;
  }
}

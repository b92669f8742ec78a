/** The digest messages: the community message with its "Show my picks" button, the DM, the ephemeral picks. */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder } from 'discord.js';
import { customId } from '../../src/discord/interactions/custom-id.js';
import type { Reply } from '../../src/discord/interactions/respond.js';
import { digestText } from '../../src/i18n/digest.js';
import { formatDay } from '../../src/i18n/format.js';
import type { AppLocale } from '../../src/i18n/locale.js';
import { renderRecommendationList } from './recommendation-list.js';
import { toRecommendations, type DigestItem } from '../../src/digest/digest-items.js';

export const PICKS_BUTTON_PREFIX = 'dpk';

export function renderCommunityDigest(guildId: string, day: string, items: readonly DigestItem[], method: string, locale: AppLocale): Reply {
  const t = digestText(locale);
  const button = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(customId(PICKS_BUTTON_PREFIX, day)).setLabel(t.showMyPicks).setStyle(ButtonStyle.Primary),
  );
  if (items.length === 0) {
    return { embeds: [new EmbedBuilder().setTitle(t.communityTitle({ day: formatDay(day, locale) })).setDescription(t.communityEmpty)], components: [button] };
  }
  const list = renderRecommendationList(guildId, toRecommendations(guildId, items), locale, {
    title: t.communityTitle({ day: formatDay(day, locale) }),
    method,
    feedbackButtons: false,
  });
  return { ...list, components: [button] };
}

export function renderPersonalDigest(
  guildId: string,
  items: readonly DigestItem[],
  method: string,
  locale: AppLocale,
  options: { title: string; direct: boolean },
): Reply {
  const t = digestText(locale);
  if (items.length === 0) return { embeds: [new EmbedBuilder().setDescription(t.picksEmpty)], components: [] };
  const reply = renderRecommendationList(guildId, toRecommendations(guildId, items), locale, { title: options.title, method, feedbackButtons: true });
  if (options.direct) reply.content = t.dmFooterHint;
  return reply;
}

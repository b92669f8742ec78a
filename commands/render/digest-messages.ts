/** The digest messages: the community message with its "Show my picks" button, the DM, the ephemeral picks. */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder } from 'discord.js';
import { customId } from '../../src/discord/interactions/custom-id.js';
import type { Reply } from '../../src/discord/interactions/respond.js';
import { digestText } from '../../src/i18n/digest.js';
import { formatDay } from '../../src/i18n/format.js';
import type { AppLocale } from '../../src/i18n/locale.js';
import type { PostPreviews } from '../../src/recommend/post-previews.js';
import { postDetails, postLink } from './post-line.js';
import { jumpLink, renderRecommendationList } from './recommendation-list.js';
import { toRecommendations, type DigestItem } from '../../src/digest/digest-items.js';

export const PICKS_BUTTON_PREFIX = 'dpk';

/** Discord's limit on an embed description, less room for safety. */
const DESCRIPTION_MAX = 4000;
const COMMUNITY_SNIPPET_MAX = 90;

/**
 * The community digest as one embed a member scans in seconds: the day's posts grouped by channel (busiest first,
 * then in rank order), each a jump link named by its thread or forum post title, its author, its replies and
 * reactions, and a snippet and media kinds when known. Null when there is nothing to send (a quiet day is not posted).
 */
export function renderCommunityDigest(guildId: string, day: string, items: readonly DigestItem[], previews: PostPreviews, locale: AppLocale): Reply | null {
  if (items.length === 0) return null;
  const t = digestText(locale);
  const groups = new Map<string, DigestItem[]>();
  for (const item of items) groups.set(item.channelId, [...(groups.get(item.channelId) ?? []), item]);
  const ordered = [...groups.entries()].sort((a, b) => b[1].length - a[1].length);

  const section = (withDetails: boolean) =>
    ordered
      .map(([channelId, posts]) => {
        const lines = posts.map((item) => {
          const preview = previews.get(item.postId);
          const counts = [
            preview && preview.replies > 0 ? t.communityReplies({ count: preview.replies }) : null,
            preview && preview.reactions > 0 ? t.communityReactions({ count: preview.reactions }) : null,
          ].filter((part): part is string => part !== null);
          const head = [postLink(jumpLink(guildId, item), preview, locale), ...(item.authorId ? [`<@${item.authorId}>`] : []), ...counts].join(' · ');
          const details = withDetails ? postDetails(preview, locale, COMMUNITY_SNIPPET_MAX) : null;
          return details ? `• ${head}\n  ${details}` : `• ${head}`;
        });
        return [`**<#${channelId}>** · ${t.communityPosts({ count: posts.length })}`, ...lines].join('\n');
      })
      .join('\n\n');
  // Snippets go first when a long day would not fit in one embed: the links and counts always do.
  const full = section(true);
  const description = full.length <= DESCRIPTION_MAX ? full : section(false);

  const button = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(customId(PICKS_BUTTON_PREFIX, day)).setLabel(t.showMyPicks).setStyle(ButtonStyle.Primary),
  );
  const embed = new EmbedBuilder()
    .setTitle(t.communityTitle({ day: formatDay(day, locale) }))
    .setDescription(description)
    .setFooter({ text: t.communityFooter({ posts: items.length, channels: groups.size }) });
  return { embeds: [embed], components: [button] };
}

export function renderPersonalDigest(
  guildId: string,
  items: readonly DigestItem[],
  method: string,
  locale: AppLocale,
  options: { title: string; direct: boolean; previews: PostPreviews },
): Reply {
  const t = digestText(locale);
  if (items.length === 0) return { embeds: [new EmbedBuilder().setDescription(t.picksEmpty)], components: [] };
  const reply = renderRecommendationList(guildId, toRecommendations(guildId, items), locale, { title: options.title, method, feedbackButtons: true, previews: options.previews });
  if (options.direct) reply.content = t.dmFooterHint;
  return reply;
}

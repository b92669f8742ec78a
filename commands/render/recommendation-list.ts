/**
 * The list every surface shows (/recommend, DM digests, "Show my picks"): per post a jump link named by its thread or
 * forum post title, its channel and author, a safe snippet and its media kinds when known, and one reason; and up
 * to 25 feedback buttons (👍 / 👎 / ✕ per item, numbered like the lines).
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder } from 'discord.js';
import { customId } from '../../src/discord/interactions/custom-id.js';
import type { Reply } from '../../src/discord/interactions/respond.js';
import type { AppLocale } from '../../src/i18n/locale.js';
import { recommendText } from '../../src/i18n/recommend.js';
import type { Recommendation } from '../../src/recommend/pipeline/types.js';
import type { PostPreviews } from '../../src/recommend/post-previews.js';
import { methodLabel } from './method-label.js';
import { postDetails, postLink } from './post-line.js';
import { reasonText } from './reason-text.js';

export const FEEDBACK_BUTTON_PREFIX = 'rfb';
/** Discord allows 5 rows of 5 buttons. */
const MAX_BUTTONS = 25;

export function jumpLink(guildId: string, item: Pick<Recommendation['candidate'], 'postId' | 'channelId' | 'threadId'>): string {
  return `https://discord.com/channels/${guildId}/${item.threadId ?? item.channelId}/${item.postId}`;
}

export function renderRecommendationList(
  guildId: string,
  items: readonly Recommendation[],
  locale: AppLocale,
  options: { title: string; method: string; feedbackButtons: boolean; previews: PostPreviews },
): Reply {
  const t = recommendText(locale);
  const lines = items.map((item, i) => {
    const c = item.candidate;
    const preview = options.previews.get(c.postId);
    const author = c.authorId === null ? '' : ` · <@${c.authorId}>`;
    const details = postDetails(preview, locale);
    // A thread's title names the post already: the line names the channel it is in.
    const where = preview?.title ? c.channelId : (c.threadId ?? c.channelId);
    return [`**${i + 1}.** ${postLink(jumpLink(guildId, c), preview, locale)} · <#${where}>${author}`, ...(details ? [details] : []), reasonText(item.reason, locale)].join('\n');
  });
  const embed = new EmbedBuilder()
    .setTitle(options.title)
    .setDescription(lines.join('\n'))
    .setFooter({ text: options.feedbackButtons ? t.footer({ method: methodLabel(options.method, locale) }) : t.footerPlain({ method: methodLabel(options.method, locale) }) });
  if (!options.feedbackButtons) return { embeds: [embed], components: [] };

  const buttons: ButtonBuilder[] = [];
  items.forEach((item, i) => {
    const id = item.candidate.postId;
    buttons.push(
      new ButtonBuilder().setCustomId(customId(FEEDBACK_BUTTON_PREFIX, 'more', guildId, id)).setLabel(`${i + 1} 👍`).setStyle(ButtonStyle.Secondary),
      new ButtonBuilder().setCustomId(customId(FEEDBACK_BUTTON_PREFIX, 'less', guildId, id)).setLabel(`${i + 1} 👎`).setStyle(ButtonStyle.Secondary),
      new ButtonBuilder().setCustomId(customId(FEEDBACK_BUTTON_PREFIX, 'hide', guildId, id)).setLabel(`${i + 1} ✕`).setStyle(ButtonStyle.Secondary),
    );
  });
  // Whole items only: an item either has all three buttons or none.
  const usable = buttons.slice(0, MAX_BUTTONS - (MAX_BUTTONS % 3));
  const rows: ActionRowBuilder<ButtonBuilder>[] = [];
  for (let i = 0; i < usable.length; i += 5) rows.push(new ActionRowBuilder<ButtonBuilder>().addComponents(usable.slice(i, i + 5)));
  return { embeds: [embed], components: rows };
}

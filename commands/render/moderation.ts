/** Discord messages for flagging and the review queue: shared by the context menus, /flags and their buttons. */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, time, TimestampStyles, userMention, channelMention } from 'discord.js';
import type { FlagReason } from '../../src/db/schema-moderation.js';
import { customId } from '../../src/discord/interactions/custom-id.js';
import type { Reply } from '../../src/discord/interactions/respond.js';
import type { AppLocale } from '../../src/i18n/locale.js';
import { moderationText } from '../../src/i18n/moderation.js';
import type { ReviewCase } from '../../src/moderation/moderation-service.js';

export const FLAG_REASON_PREFIX = 'flagreason';
export const REVIEW_PREFIX = 'flags';

/** Reasons a person can pick after flagging (the model's own reason is not offered). */
export const PICKABLE_REASONS = ['spam', 'off_topic', 'low_effort', 'misleading', 'abusive'] as const satisfies readonly FlagReason[];

const SNIPPET_LIMIT = 900;

export function reasonLabel(reason: FlagReason, locale: AppLocale): string {
  return moderationText(locale)[`reason_${reason}`];
}

/** The answer to a flag or report: what happened, and one button per common reason. */
export function flagReceipt(message: string, postId: string, locale: AppLocale): Reply {
  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
    PICKABLE_REASONS.map((reason) =>
      new ButtonBuilder()
        .setCustomId(customId(FLAG_REASON_PREFIX, postId, reason))
        .setLabel(reasonLabel(reason, locale))
        .setStyle(ButtonStyle.Secondary),
    ),
  );
  return { content: message, components: [row] };
}

/** One open case with confirm / dismiss and paging; `index` is 0-based in the open queue. */
export function reviewCaseReply(item: ReviewCase | null, index: number, total: number, locale: AppLocale): Reply {
  const text = moderationText(locale);
  if (!item) return { content: text.queueEmpty, embeds: [], components: [] };
  const location = item.threadId ?? item.channelId;
  const link = `https://discord.com/channels/${item.guildId}/${location}/${item.postId}`;
  const content = item.content === null ? text.contentNotStored : item.content.slice(0, SNIPPET_LIMIT) || '—';
  const embed = new EmbedBuilder()
    .setTitle(text.caseTitle({ index: index + 1, total }))
    .setURL(link)
    .addFields(
      { name: text.fieldAuthor, value: userMention(item.authorId), inline: true },
      { name: text.fieldChannel, value: channelMention(location), inline: true },
      { name: text.fieldPosted, value: time(Math.floor(item.createdAt / 1000), TimestampStyles.RelativeTime), inline: true },
      { name: text.fieldFlags, value: text.flagCounts({ moderators: item.moderatorFlags, members: item.memberReports }), inline: true },
    );
  if (item.modelScore !== null) embed.addFields({ name: text.fieldModelScore, value: item.modelScore.toFixed(2), inline: true });
  if (item.reasons.length > 0) {
    embed.addFields({ name: text.fieldReasons, value: item.reasons.map((r) => reasonLabel(r, locale)).join(', '), inline: true });
  }
  if (item.replyToId !== null) {
    embed.addFields({ name: text.fieldReplyTo, value: (item.replyToContent ?? text.contentNotStored).slice(0, SNIPPET_LIMIT) || '—' });
  }
  embed.addFields({
    name: text.fieldContent,
    value: item.attachmentCount > 0 ? `${content}\n${text.attachments({ count: item.attachmentCount })}` : content,
  });
  const actions = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(customId(REVIEW_PREFIX, 'confirm', item.postId, index)).setLabel(text.confirm).setStyle(ButtonStyle.Danger),
    new ButtonBuilder().setCustomId(customId(REVIEW_PREFIX, 'dismiss', item.postId, index)).setLabel(text.dismiss).setStyle(ButtonStyle.Secondary),
    new ButtonBuilder()
      .setCustomId(customId(REVIEW_PREFIX, 'page', 'prev', Math.max(0, index - 1)))
      .setLabel(text.previous)
      .setStyle(ButtonStyle.Primary)
      .setDisabled(index === 0),
    new ButtonBuilder()
      .setCustomId(customId(REVIEW_PREFIX, 'page', 'next', index + 1))
      .setLabel(text.next)
      .setStyle(ButtonStyle.Primary)
      .setDisabled(index + 1 >= total),
    new ButtonBuilder().setLabel(text.jump).setStyle(ButtonStyle.Link).setURL(link),
  );
  return { content: '', embeds: [embed], components: [actions] };
}

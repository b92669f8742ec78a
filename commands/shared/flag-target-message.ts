/**
 * What "Flag low quality" (moderators) and "Report" (everyone) share: validate the target, record the flag, answer
 * with reason buttons.
 *
 * Why reasons are buttons and not a modal text field: a free-text reason would be stored message-like content
 * about another member, and the fake Discord the tests run against has no modal support. A fixed set of reasons
 * (spam, off-topic, low effort, misleading, abusive) is enough to sort the queue, is localisable, and is offered
 * as buttons on the ephemeral receipt; pressing one sets the reason of the presser's own flag (audited).
 */
import type { MessageContextMenuCommandInteraction } from 'discord.js';
import type { FlagSource } from '../../src/db/schema-moderation.js';
import { respondEphemeral } from '../../src/discord/interactions/respond.js';
import type { CommandContext } from '../../src/discord/interactions/types.js';
import { UserError } from '../../src/discord/interactions/user-error.js';
import type { AppLocale } from '../../src/i18n/locale.js';
import { moderationText } from '../../src/i18n/moderation.js';
import { flagReceipt } from '../render/moderation.js';

export async function flagTargetMessage(
  interaction: MessageContextMenuCommandInteraction<'cached'>,
  ctx: CommandContext,
  locale: AppLocale,
  source: Extract<FlagSource, 'moderator' | 'member'>,
): Promise<void> {
  const text = moderationText(locale);
  const target = interaction.targetMessage;
  if (target.author.id === interaction.client.user.id) throw new UserError(text.ownBotPost);
  const outcome = ctx.services.moderation.flag({
    guildId: interaction.guildId,
    postId: target.id,
    reporterId: interaction.user.id,
    source,
    at: ctx.now(),
  });
  switch (outcome) {
    case 'unknown-post':
      throw new UserError(text.unknownPost);
    case 'already-reviewed':
      throw new UserError(text.alreadyReviewed);
    case 'already-flagged':
      await respondEphemeral(interaction, flagReceipt(text.alreadyFlagged, target.id, locale));
      return;
    case 'queued':
      ctx.log.info({ guildId: interaction.guildId, postId: target.id, by: interaction.user.id, source }, 'post flagged');
      await respondEphemeral(interaction, flagReceipt(source === 'moderator' ? text.flagged : text.reported, target.id, locale));
  }
}

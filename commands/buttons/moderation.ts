/** Buttons of the flag receipt (reasons) and of the /flags review queue (confirm, dismiss, paging). */
import type { ButtonInteraction } from 'discord.js';
import { z } from 'zod';
import { FLAG_REASONS } from '../../src/db/schema-moderation.js';
import { requireGuildPermission } from '../../src/discord/interactions/checks.js';
import { parseButtonArgs } from '../../src/discord/interactions/custom-id.js';
import { defineButtonHandler } from '../../src/discord/interactions/types.js';
import { UserError } from '../../src/discord/interactions/user-error.js';
import { commonText } from '../../src/i18n/common.js';
import type { AppLocale } from '../../src/i18n/locale.js';
import { moderationText } from '../../src/i18n/moderation.js';
import { FLAG_REASON_PREFIX, reasonLabel, REVIEW_PREFIX, reviewCaseReply } from '../render/moderation.js';
import { reviewQueueOf } from '../shared/review-queue.js';

const snowflake = z.string().regex(/^\d{1,20}$/);
const pageIndex = z.coerce.number().int().min(0).max(100_000);

function guildOf(interaction: ButtonInteraction, locale: AppLocale): string {
  if (!interaction.inGuild()) throw new UserError(commonText(locale).guildOnly);
  return interaction.guildId;
}

export const flagReasonButtons = defineButtonHandler({
  prefix: FLAG_REASON_PREFIX,
  async handle(interaction, ctx, args, locale) {
    const parsed = parseButtonArgs(z.tuple([snowflake, z.enum(FLAG_REASONS)]), args);
    if (!parsed) throw new UserError(commonText(locale).expiredComponent);
    const [postId, reason] = parsed;
    const guildId = guildOf(interaction, locale);
    const text = moderationText(locale);
    if (!ctx.services.moderation.setReason(guildId, postId, interaction.user.id, reason, ctx.now())) {
      throw new UserError(text.noFlagToAnnotate);
    }
    await interaction.update({ content: text.reasonSaved({ reason: reasonLabel(reason, locale) }), components: [] });
  },
});

export const reviewButtons = defineButtonHandler({
  prefix: REVIEW_PREFIX,
  async handle(interaction, ctx, args, locale) {
    const guildId = guildOf(interaction, locale);
    // The queue message is ephemeral to a moderator, but the rule is attune's: re-check on every press.
    requireGuildPermission(interaction, 'ManageMessages', locale);
    const text = moderationText(locale);
    const moderation = ctx.services.moderation;
    const action = parseButtonArgs(z.tuple([z.enum(['confirm', 'dismiss']), snowflake, pageIndex]), args);
    const paging = parseButtonArgs(z.tuple([z.literal('page'), z.enum(['prev', 'next']), pageIndex]), args);
    let index: number;
    let notice = '';
    if (action) {
      const [verb, postId, at] = action;
      // A case the moderator may not view is, for them, not in the queue (a forged press changes nothing).
      const mayResolve = (await reviewQueueOf(ctx, guildId, interaction.user.id)).includes(postId);
      const outcome = !mayResolve
        ? 'not-open'
        : verb === 'confirm'
          ? moderation.confirm(guildId, postId, interaction.user.id, ctx.now())
          : moderation.dismiss(guildId, postId, interaction.user.id, ctx.now());
      if (outcome === 'resolved') {
        ctx.log.info({ guildId, postId, by: interaction.user.id, verb }, 'flag resolved');
        notice = verb === 'confirm' ? text.confirmed : text.dismissed;
      } else {
        notice = text.notOpen;
      }
      // The resolved case left the queue, so the same index now shows the next one.
      index = at;
    } else if (paging) {
      index = paging[2];
    } else {
      throw new UserError(commonText(locale).expiredComponent);
    }
    const queue = await reviewQueueOf(ctx, guildId, interaction.user.id);
    index = Math.min(index, Math.max(0, queue.total - 1));
    const reply = reviewCaseReply(queue.caseAt(index), index, queue.total, locale);
    await interaction.update({
      content: [notice, reply.content].filter((s) => s).join('\n') || null,
      embeds: reply.embeds ?? [],
      components: reply.components ?? [],
    });
  },
});

import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { parseOptions, requireGuildPermission } from '../src/discord/interactions/checks.js';
import { respondEphemeral } from '../src/discord/interactions/respond.js';
import { defineSlashCommand } from '../src/discord/interactions/types.js';
import { moderationText as t } from '../src/i18n/moderation.js';
import { reviewCaseReply } from './render/moderation.js';
import { reviewQueueOf } from './shared/review-queue.js';
import { localized } from './shared/localized.js';

const optionsSchema = z.object({ page: z.number().int().min(1).max(100_000).nullable() });

/**
 * `/flags [page]`: the review queue, one case per page, oldest first, for moderators (Manage Messages at guild level),
 * each seeing only the flagged posts of channels they may view.
 */
export const flagsCommand = defineSlashCommand({
  data: localized(new SlashCommandBuilder(), 'flags', t, 'flagsDescription')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages)
    .setContexts(InteractionContextType.Guild)
    .addIntegerOption((option) =>
      localized(option, 'page', t, 'pageDescription')
        .setMinValue(1),
    ),

  async execute(interaction, ctx, locale) {
    requireGuildPermission(interaction, 'ManageMessages', locale);
    const { page } = parseOptions(optionsSchema, { page: interaction.options.getInteger('page') }, locale);
    const queue = await reviewQueueOf(ctx, interaction.guildId, interaction.user.id);
    const index = Math.min((page ?? 1) - 1, Math.max(0, queue.total - 1));
    await respondEphemeral(interaction, reviewCaseReply(queue.caseAt(index), index, queue.total, locale));
  },
});

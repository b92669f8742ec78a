import { ApplicationCommandType, ContextMenuCommandBuilder, InteractionContextType, PermissionFlagsBits } from 'discord.js';
import { requireGuildPermission } from '../src/discord/interactions/checks.js';
import { defineMessageMenuCommand } from '../src/discord/interactions/types.js';
import { moderationText as t } from '../src/i18n/moderation.js';
import { flagTargetMessage } from './shared/flag-target-message.js';

/** Message context menu "Flag low quality": moderators queue a post for review (re-checked server-side). */
export const flagLowQualityCommand = defineMessageMenuCommand({
  data: new ContextMenuCommandBuilder()
    .setName(t.en.flagCommandName)
    .setNameLocalizations(t.discord('flagCommandName'))
    .setType(ApplicationCommandType.Message)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages)
    .setContexts(InteractionContextType.Guild),

  async execute(interaction, ctx, locale) {
    requireGuildPermission(interaction, 'ManageMessages', locale);
    await flagTargetMessage(interaction, ctx, locale, 'moderator');
  },
});

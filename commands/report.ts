import { ApplicationCommandType, ContextMenuCommandBuilder, InteractionContextType } from 'discord.js';
import { defineMessageMenuCommand } from '../src/discord/interactions/types.js';
import { moderationText as t } from '../src/i18n/moderation.js';
import { flagTargetMessage } from './shared/flag-target-message.js';

/** Message context menu "Report": any member queues a post for the moderators; it changes nothing else. */
export const reportCommand = defineMessageMenuCommand({
  data: new ContextMenuCommandBuilder()
    .setName(t.en.reportCommandName)
    .setNameLocalizations(t.discord('reportCommandName'))
    .setType(ApplicationCommandType.Message)
    .setContexts(InteractionContextType.Guild),

  async execute(interaction, ctx, locale) {
    await flagTargetMessage(interaction, ctx, locale, 'member');
  },
});

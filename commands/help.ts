import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { respondEphemeral } from '../src/discord/interactions/respond.js';
import { defineSlashCommand, type Command, type SlashCommand } from '../src/discord/interactions/types.js';
import { helpText as t } from '../src/i18n/help.js';
import { helpLines, renderHelp } from './render/help.js';
import { localized } from './shared/localized.js';

/**
 * `/help`: every command the member may use here, in their language, one line each; members with a moderator's or
 * admin's permissions see those commands too. `commands` is the command table (src/app/command-table.ts), read when
 * the command runs, so /help lists itself and every command added later.
 */
export function helpCommand(commands: () => readonly Command[]): SlashCommand {
  return defineSlashCommand({
    data: localized(new SlashCommandBuilder(), 'help', t, 'commandDescription')
      .setContexts(InteractionContextType.Guild),

    async execute(interaction, _ctx, locale) {
      const permissions = interaction.memberPermissions;
      const mayUse = (permission: bigint | null) => permission === null || permissions.has(permission, true);
      const lines = helpLines(commands().map((command) => command.data.toJSON()), mayUse, locale);
      await respondEphemeral(interaction, renderHelp(lines, locale));
    },
  });
}

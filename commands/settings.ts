import { EmbedBuilder, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { settingsText as t } from '../src/i18n/settings.js';
import { requireGuildPermission } from '../src/discord/interactions/checks.js';
import { respondEphemeral } from '../src/discord/interactions/respond.js';
import { defineSlashCommand } from '../src/discord/interactions/types.js';
import { UserError } from '../src/discord/interactions/user-error.js';
import { contentFeaturesEnabled, setContentFeatures } from '../src/privacy/content-features.js';
import { localizedName } from '../src/i18n/command-names.js';

/** `/settings show` and `/settings content-features enabled:<bool>` — server-wide switches for admins. */
export const settingsCommand = defineSlashCommand({
  data: new SlashCommandBuilder()
    .setName('settings').setNameLocalizations(localizedName('settings'))
    .setDescription(t.en.commandDescription)
    .setDescriptionLocalizations(t.discord('commandDescription'))
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      sub.setName('show').setNameLocalizations(localizedName('show')).setDescription(t.en.showDescription).setDescriptionLocalizations(t.discord('showDescription')),
    )
    .addSubcommand((sub) =>
      sub
        .setName('content-features').setNameLocalizations(localizedName('content-features'))
        .setDescription(t.en.contentFeaturesDescription)
        .setDescriptionLocalizations(t.discord('contentFeaturesDescription'))
        .addBooleanOption((option) =>
          option
            .setName('enabled').setNameLocalizations(localizedName('enabled'))
            .setDescription(t.en.enabledDescription)
            .setDescriptionLocalizations(t.discord('enabledDescription'))
            .setRequired(true),
        ),
    ),

  async execute(interaction, ctx, locale) {
    requireGuildPermission(interaction, 'ManageGuild', locale);
    const text = t(locale);
    const { db } = ctx.database;
    if (interaction.options.getSubcommand() === 'content-features') {
      const enabled = interaction.options.getBoolean('enabled', true);
      if (!setContentFeatures(db, interaction.guildId, enabled, ctx.now())) throw new UserError(text.guildNotRecorded);
      ctx.log.info({ guildId: interaction.guildId, by: interaction.user.id, enabled }, 'content features setting changed');
      await respondEphemeral(interaction, { content: enabled ? text.contentFeaturesOn : text.contentFeaturesOff });
      return;
    }
    const embed = new EmbedBuilder()
      .setTitle(text.settingsTitle)
      .addFields({ name: text.contentFeaturesLabel, value: contentFeaturesEnabled(db, interaction.guildId) ? text.on : text.off });
    await respondEphemeral(interaction, { embeds: [embed] });
  },
});

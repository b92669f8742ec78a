import { ChannelType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { DIGEST_MODES } from '../src/db/schema-recommend.js';
import { digestSettingsOf, saveDigestMode, saveDigestSetup } from '../src/digest/digest-settings-store.js';
import { isValidTimeZone } from '../src/digest/local-time.js';
import { parseOptions, requireGuildPermission } from '../src/discord/interactions/checks.js';
import { respondEphemeral } from '../src/discord/interactions/respond.js';
import { defineSlashCommand } from '../src/discord/interactions/types.js';
import { UserError } from '../src/discord/interactions/user-error.js';
import { digestText as t } from '../src/i18n/digest.js';
import type { AppLocale } from '../src/i18n/locale.js';
import { localizedName } from '../src/i18n/command-names.js';

const MODE_LABEL = { off: 'modeOff', channel: 'modeChannel', dm: 'modeDm' } as const;

/** Keys are the option names, so a refusal names the option as the member's client shows it. */
const setupSchema = (locale: AppLocale) =>
  z
    .object({
      channel: z.string().regex(/^\d{17,20}$/),
      hour: z.number().int().min(0).max(23),
      timezone: z.string().trim().refine(isValidTimeZone, t(locale).invalidTimeZone),
      size: z.number().int().min(1).max(10).default(5),
      enabled: z.boolean().default(true),
    })
    .transform(({ channel, timezone, ...rest }) => ({ channelId: channel, timeZone: timezone, ...rest }));

/** `/digest mode` (every member: off, channel, DM — DMs only by their own choice) and `/digest setup` (admins). */
export const digestCommand = defineSlashCommand({
  data: new SlashCommandBuilder()
    .setName('digest').setNameLocalizations(localizedName('digest'))
    .setDescription(t.en.commandDescription)
    .setDescriptionLocalizations(t.discord('commandDescription'))
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      sub
        .setName('mode').setNameLocalizations(localizedName('mode'))
        .setDescription(t.en.modeDescription)
        .setDescriptionLocalizations(t.discord('modeDescription'))
        .addStringOption((o) =>
          o
            .setName('mode').setNameLocalizations(localizedName('mode'))
            .setDescription(t.en.modeOptionDescription)
            .setDescriptionLocalizations(t.discord('modeOptionDescription'))
            .setRequired(true)
            .addChoices(...DIGEST_MODES.map((value) => ({ name: t.en[MODE_LABEL[value]], name_localizations: t.discord(MODE_LABEL[value]), value }))),
        ),
    )
    .addSubcommand((sub) =>
      sub
        .setName('setup').setNameLocalizations(localizedName('setup'))
        .setDescription(t.en.setupDescription)
        .setDescriptionLocalizations(t.discord('setupDescription'))
        .addChannelOption((o) =>
          o
            .setName('channel').setNameLocalizations(localizedName('channel'))
            .setDescription(t.en.channelDescription)
            .setDescriptionLocalizations(t.discord('channelDescription'))
            .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement)
            .setRequired(true),
        )
        .addIntegerOption((o) =>
          o.setName('hour').setNameLocalizations(localizedName('hour')).setDescription(t.en.hourDescription).setDescriptionLocalizations(t.discord('hourDescription')).setMinValue(0).setMaxValue(23).setRequired(true),
        )
        .addStringOption((o) =>
          o.setName('timezone').setNameLocalizations(localizedName('timezone')).setDescription(t.en.timeZoneDescription).setDescriptionLocalizations(t.discord('timeZoneDescription')).setRequired(true),
        )
        .addIntegerOption((o) =>
          o.setName('size').setNameLocalizations(localizedName('size')).setDescription(t.en.sizeDescription).setDescriptionLocalizations(t.discord('sizeDescription')).setMinValue(1).setMaxValue(10),
        )
        .addBooleanOption((o) => o.setName('enabled').setNameLocalizations(localizedName('enabled')).setDescription(t.en.enabledDescription).setDescriptionLocalizations(t.discord('enabledDescription'))),
    ),

  async execute(interaction, ctx, locale) {
    const text = t(locale);
    const { db } = ctx.database;
    if (interaction.options.getSubcommand() === 'mode') {
      const mode = parseOptions(z.object({ mode: z.enum(DIGEST_MODES) }), { mode: interaction.options.getString('mode', true) }, locale).mode;
      if (mode !== 'off' && !digestSettingsOf(db, interaction.guildId)?.enabled) throw new UserError(text.digestNotSetUp);
      saveDigestMode(db, interaction.guildId, interaction.user.id, mode, ctx.now(), interaction.locale);
      await respondEphemeral(interaction, { content: mode === 'off' ? text.modeSavedOff : mode === 'dm' ? text.modeSavedDm : text.modeSavedChannel });
      return;
    }

    requireGuildPermission(interaction, 'ManageGuild', locale);
    const setup = parseOptions(
      setupSchema(locale),
      {
        channel: interaction.options.getChannel('channel', true).id,
        hour: interaction.options.getInteger('hour', true),
        timezone: interaction.options.getString('timezone', true),
        size: interaction.options.getInteger('size') ?? undefined,
        enabled: interaction.options.getBoolean('enabled') ?? undefined,
      },
      locale,
    );
    const channel = interaction.guild.channels.cache.get(setup.channelId);
    const me = interaction.guild.members.me;
    const needed = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks;
    if (setup.enabled && (!channel || !me || !channel.permissionsFor(me).has(needed))) throw new UserError(text.botCannotPost({ channel: setup.channelId }));
    saveDigestSetup(db, { guildId: interaction.guildId, updatedBy: interaction.user.id, ...setup }, ctx.now());
    ctx.log.info({ guildId: interaction.guildId, by: interaction.user.id, ...setup }, 'digest setup changed');
    await respondEphemeral(interaction, {
      content: setup.enabled ? text.setupSaved({ channel: setup.channelId, hour: setup.hour, timeZone: setup.timeZone, size: setup.size }) : text.setupDisabled,
    });
  },
});

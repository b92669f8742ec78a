import {
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Guild,
} from 'discord.js';
import { z } from 'zod';
import { GUILD_LANGUAGES } from '../src/db/schema-settings.js';
import { saveDigestSetup, settleDigestDayAfterZoneChange } from '../src/digest/digest-settings-store.js';
import { parseButtonArgs } from '../src/discord/interactions/custom-id.js';
import { parseOptions, requireGuildPermission, zodErrorMap } from '../src/discord/interactions/checks.js';
import { respondEphemeral } from '../src/discord/interactions/respond.js';
import { defineButtonHandler, defineSlashCommand, type CommandContext } from '../src/discord/interactions/types.js';
import { UserError } from '../src/discord/interactions/user-error.js';
import { canPost, collectSettingsOverview } from '../src/discord/settings-overview.js';
import { updateEconomyConfig } from '../src/economy/config.js';
import { commonText } from '../src/i18n/common.js';
import { appLocale, type AppLocale } from '../src/i18n/locale.js';
import { settingsText as t } from '../src/i18n/settings.js';
import { isValidTimeZone, utcOffsetLabel } from '../src/lib/zoned-time.js';
import { contentFeaturesEnabled, setContentFeatures } from '../src/privacy/content-features.js';
import { changeGuildSettings, guildSettingsOf, type SettingsChange } from '../src/settings/guild-settings.js';
import { languageName, renderSettingsOverview, SETTINGS_TOGGLE_PREFIX, SETTINGS_TOGGLES } from './render/settings-overview.js';
import { timeZoneChoices } from './shared/time-zone-choices.js';
import { localized } from './shared/localized.js';

const LANGUAGE_LABEL = { auto: 'languageAuto', en: 'languageEn', 'zh-CN': 'languageZh' } as const;
const POST_CHANNELS = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

/** Keys are the option names, so a refusal names the option as the member's client shows it. */
const timeZoneSchema = (locale: AppLocale) => z.string().trim().refine(isValidTimeZone, t(locale).invalidTimeZone);

/**
 * `/settings show|digest|timezone|announcements|language|content|economy|contests`: the overview of everything attune
 * does in the server (with the setup checklist and toggle buttons) and one subcommand per setting. Manage Server by
 * default, re-checked here on every use.
 */
export const settingsCommand = defineSlashCommand({
  data: localized(new SlashCommandBuilder(), 'settings', t, 'commandDescription')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) => localized(sub, 'show', t, 'showDescription'))
    .addSubcommand((sub) =>
      localized(sub, 'digest', t, 'digestDescription')
        .addChannelOption((o) =>
          localized(o, 'channel', t, 'channelDescription')
            .addChannelTypes(...POST_CHANNELS).setRequired(true),
        )
        .addIntegerOption((o) =>
          localized(o, 'hour', t, 'hourDescription').setMinValue(0).setMaxValue(23).setRequired(true),
        )
        .addIntegerOption((o) =>
          localized(o, 'size', t, 'sizeDescription').setMinValue(1).setMaxValue(10),
        )
        .addBooleanOption((o) => localized(o, 'enabled', t, 'enabledDescription'))
        .addStringOption((o) =>
          localized(o, 'timezone', t, 'timezoneDescription').setAutocomplete(true),
        ),
    )
    .addSubcommand((sub) =>
      localized(sub, 'timezone', t, 'timezoneSubDescription')
        .addStringOption((o) =>
          localized(o, 'timezone', t, 'timezoneDescription').setAutocomplete(true).setRequired(true),
        ),
    )
    .addSubcommand((sub) =>
      localized(sub, 'announcements', t, 'announcementsDescription')
        .addChannelOption((o) =>
          localized(o, 'channel', t, 'announcementsChannelDescription')
            .addChannelTypes(...POST_CHANNELS).setRequired(true),
        ),
    )
    .addSubcommand((sub) =>
      localized(sub, 'language', t, 'languageDescription')
        .addStringOption((o) =>
          localized(o, 'language', t, 'languageOptionDescription')
            .setRequired(true)
            .addChoices(...GUILD_LANGUAGES.map((value) => ({ name: t.en[LANGUAGE_LABEL[value]], name_localizations: t.discord(LANGUAGE_LABEL[value]), value }))),
        ),
    )
    .addSubcommand((sub) =>
      localized(sub, 'content', t, 'contentDescription')
        .addBooleanOption((o) => localized(o, 'snippets', t, 'snippetsDescription'))
        .addBooleanOption((o) =>
          localized(o, 'model-features', t, 'modelFeaturesDescription'),
        ),
    )
    .addSubcommand((sub) =>
      localized(sub, 'economy', t, 'economyDescription')
        .addBooleanOption((o) => localized(o, 'enabled', t, 'economyEnabledDescription').setRequired(true)),
    )
    .addSubcommand((sub) =>
      localized(sub, 'contests', t, 'contestsDescription')
        .addBooleanOption((o) => localized(o, 'enabled', t, 'contestsEnabledDescription').setRequired(true)),
    ),

  async execute(interaction, ctx, locale) {
    requireGuildPermission(interaction, 'ManageGuild', locale);
    const text = t(locale);
    const guildId = interaction.guildId;
    const sub = interaction.options.getSubcommand();
    switch (sub) {
      case 'show':
        await respondEphemeral(interaction, overview(interaction.guild, ctx, locale));
        return;
      case 'digest': {
        await respondEphemeral(interaction, { content: saveDigest(interaction, ctx, locale) });
        return;
      }
      case 'timezone': {
        const { timezone } = parseOptions(z.object({ timezone: timeZoneSchema(locale) }), { timezone: interaction.options.getString('timezone', true) }, locale);
        saveTimeZone(ctx, interaction, timezone, locale);
        await respondEphemeral(interaction, { content: text.timeZoneSaved({ timeZone: timezone, offset: utcOffsetLabel(ctx.now(), timezone) }) });
        return;
      }
      case 'announcements': {
        const channel = interaction.options.getChannel('channel', true).id;
        if (!canPost(interaction.guild, channel)) throw new UserError(text.botCannotPost({ channel }));
        const saved = updateEconomyConfig(ctx.database.db, guildId, (c) => ({ ...c, announceChannelId: channel }), interaction.user.id, ctx.now(), zodErrorMap(locale));
        if (!saved.ok) throw new UserError(commonText(locale).invalidOption({ option: 'channel', problem: saved.error.issues[0]?.message ?? '' }));
        ctx.log.info({ guildId, by: interaction.user.id, channel }, 'announcement channel changed');
        await respondEphemeral(interaction, { content: text.announcementsSaved({ channel }) });
        return;
      }
      case 'language': {
        const { language } = parseOptions(z.object({ language: z.enum(GUILD_LANGUAGES) }), { language: interaction.options.getString('language', true) }, locale);
        apply(ctx, interaction, { kind: 'language', language }, locale);
        const shown = language === 'auto' ? `${text.languageAuto} (${languageName(appLocale(interaction.guild.preferredLocale), text)})` : languageName(language, text);
        await respondEphemeral(interaction, { content: text.languageSaved({ language: shown }) });
        return;
      }
      case 'content': {
        const snippets = interaction.options.getBoolean('snippets');
        const models = interaction.options.getBoolean('model-features');
        if (snippets === null && models === null) throw new UserError(text.nothingToChange);
        if (snippets !== null) apply(ctx, interaction, { kind: 'snippets', enabled: snippets }, locale);
        if (models !== null && !setContentFeatures(ctx.database.db, guildId, models, ctx.now())) throw new UserError(text.guildNotRecorded);
        ctx.log.info({ guildId, by: interaction.user.id, snippets, models }, 'content settings changed');
        const settings = guildSettingsOf(ctx.database.sqlite, guildId);
        const modelsNow = contentFeaturesEnabled(ctx.database.db, guildId);
        const lines = [
          text.contentSaved({ snippets: settings.snippets ? text.on : text.off, models: modelsNow ? text.on : text.off }),
          ...(models === true ? [text.contentFeaturesWarning] : []),
          ...(settings.snippets && !ctx.messageContent ? [text.snippetsNeedIntent] : []),
        ];
        await respondEphemeral(interaction, { content: lines.join('\n') });
        return;
      }
      case 'economy':
      case 'contests': {
        const enabled = interaction.options.getBoolean('enabled', true);
        apply(ctx, interaction, { kind: sub, enabled }, locale);
        const message = sub === 'economy' ? (enabled ? text.economySavedOn : text.economySavedOff) : enabled ? text.contestsSavedOn : text.contestsSavedOff;
        await respondEphemeral(interaction, { content: message });
        return;
      }
      default:
        throw new UserError(commonText(locale).unknownCommand);
    }
  },

  async autocomplete(interaction, ctx) {
    const focused = interaction.options.getFocused(true);
    await interaction.respond(focused.name === 'timezone' ? timeZoneChoices(String(focused.value), ctx.now()) : []);
  },
});

/** The toggles under the overview: `stg:<economy|contests|snippets>:<on|off>`; the overview is redrawn after. */
export const settingsToggleButtons = defineButtonHandler({
  prefix: SETTINGS_TOGGLE_PREFIX,
  async handle(interaction, ctx, args, locale) {
    const parsed = parseButtonArgs(z.tuple([z.enum(SETTINGS_TOGGLES), z.enum(['on', 'off'])]), args);
    if (!parsed) throw new UserError(commonText(locale).expiredComponent);
    if (!interaction.inCachedGuild()) throw new UserError(commonText(locale).guildOnly);
    requireGuildPermission(interaction, 'ManageGuild', locale);
    const [what, value] = parsed;
    apply(ctx, interaction, { kind: what, enabled: value === 'on' }, locale);
    await interaction.update(overview(interaction.guild, ctx, locale) as Parameters<typeof interaction.update>[0]);
  },
});

function overview(guild: Guild, ctx: CommandContext, locale: AppLocale) {
  return renderSettingsOverview(collectSettingsOverview(guild, ctx.database.db, { messageContent: ctx.messageContent, now: ctx.now() }), locale);
}

/** One settings change, logged with who made it; refused when attune has not recorded the guild yet. */
function apply(
  ctx: CommandContext,
  interaction: ChatInputCommandInteraction<'cached'> | ButtonInteraction<'cached'>,
  change: SettingsChange,
  locale: AppLocale,
): void {
  const outcome = changeGuildSettings(ctx.database.sqlite, interaction.guildId, change, ctx.now());
  if (outcome === 'unknown-guild') throw new UserError(t(locale).guildNotRecorded);
  if (outcome === 'invalid-time-zone') throw new UserError(t(locale).invalidTimeZone);
  ctx.log.info({ guildId: interaction.guildId, by: interaction.user.id, change }, 'guild settings changed');
}

function saveTimeZone(ctx: CommandContext, interaction: ChatInputCommandInteraction<'cached'>, timeZone: string, locale: AppLocale): void {
  apply(ctx, interaction, { kind: 'time-zone', timeZone }, locale);
  settleDigestDayAfterZoneChange(ctx.database.db, interaction.guildId, ctx.now());
}

/** `/settings digest`: validated, the channel checked for attune's permissions, then saved (with the zone if given). */
function saveDigest(interaction: ChatInputCommandInteraction<'cached'>, ctx: CommandContext, locale: AppLocale): string {
  const text = t(locale);
  const setup = parseOptions(
    z.object({
      channel: z.string().regex(/^\d{17,20}$/),
      hour: z.number().int().min(0).max(23),
      size: z.number().int().min(1).max(10).default(5),
      enabled: z.boolean().default(true),
      timezone: timeZoneSchema(locale).optional(),
    }),
    {
      channel: interaction.options.getChannel('channel', true).id,
      hour: interaction.options.getInteger('hour', true),
      size: interaction.options.getInteger('size') ?? undefined,
      enabled: interaction.options.getBoolean('enabled') ?? undefined,
      timezone: interaction.options.getString('timezone') ?? undefined,
    },
    locale,
  );
  if (setup.enabled && !canPost(interaction.guild, setup.channel)) throw new UserError(text.botCannotPost({ channel: setup.channel }));
  if (setup.timezone !== undefined) apply(ctx, interaction, { kind: 'time-zone', timeZone: setup.timezone }, locale);
  const { guildId } = interaction;
  saveDigestSetup(
    ctx.database.db,
    { guildId, updatedBy: interaction.user.id, channelId: setup.channel, hour: setup.hour, size: setup.size, enabled: setup.enabled },
    ctx.now(),
  );
  ctx.log.info({ guildId, by: interaction.user.id, ...setup }, 'digest setup changed');
  const timeZone = guildSettingsOf(ctx.database.sqlite, guildId).timeZone;
  return setup.enabled ? text.digestSaved({ channel: setup.channel, hour: setup.hour, timeZone, size: setup.size }) : text.digestDisabled;
}

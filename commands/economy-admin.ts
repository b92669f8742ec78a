import {
  ChannelType,
  EmbedBuilder,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { z } from 'zod';
import { parseOptions, requireGuildPermission, zodErrorMap } from '../src/discord/interactions/checks.js';
import { guildQueries } from '../src/db/queries/guilds.js';
import { respondEphemeral } from '../src/discord/interactions/respond.js';
import { defineSlashCommand, type CommandContext } from '../src/discord/interactions/types.js';
import { UserError } from '../src/discord/interactions/user-error.js';
import { economyConfigSchema, updateEconomyConfig, type EconomyConfig } from '../src/economy/config.js';
import { clearAdminNotice, hasAdminNotice, MISSING_MANAGE_ROLES } from '../src/economy/role-rewards.js';
import { startSeason } from '../src/economy/seasons.js';
import { economyText as t } from '../src/i18n/economy.js';
import type { AppLocale } from '../src/i18n/locale.js';
import { economyEnabled, guildSettingsOf } from '../src/settings/guild-settings.js';
import { localized } from './shared/localized.js';

/** Config options: option name → where it goes in the config. */
const NUMBER_OPTIONS = [
  ['post-points', 'optPostPoints', (c: EconomyConfig, v: number) => ({ ...c, post: { ...c.post, points: v } })],
  ['post-cap', 'optPostCap', (c: EconomyConfig, v: number) => ({ ...c, post: { ...c.post, dailyCap: v } })],
  ['reaction-points', 'optReactionPoints', (c: EconomyConfig, v: number) => ({ ...c, reactionReceived: { ...c.reactionReceived, points: v } })],
  ['reaction-cap', 'optReactionCap', (c: EconomyConfig, v: number) => ({ ...c, reactionReceived: { ...c.reactionReceived, dailyCap: v } })],
  ['reply-points', 'optReplyPoints', (c: EconomyConfig, v: number) => ({ ...c, replyReceived: { ...c.replyReceived, points: v } })],
  ['reply-cap', 'optReplyCap', (c: EconomyConfig, v: number) => ({ ...c, replyReceived: { ...c.replyReceived, dailyCap: v } })],
  ['entry-points', 'optEntryPoints', (c: EconomyConfig, v: number) => ({ ...c, contestEntry: { ...c.contestEntry, points: v } })],
  ['cooldown-seconds', 'optCooldown', (c: EconomyConfig, v: number) => ({ ...c, postCooldownSeconds: v })],
  ['new-member-days', 'optNewMemberDays', (c: EconomyConfig, v: number) => ({ ...c, newMemberDays: v })],
  ['pair-cap', 'optPairCap', (c: EconomyConfig, v: number) => ({ ...c, pairDailyCap: v })],
] as const;

/**
 * `/economy-admin config`, `/economy-admin season start`, `/economy-admin role-reward add|remove`: the admins' side of
 * the economy, a command of its own so members do not see it (Manage Server by default, re-checked here). Members
 * read the rules with `/economy rules`; the economy is turned on and off with `/settings economy`.
 */
export const economyAdminCommand = defineSlashCommand({
  data: localized(new SlashCommandBuilder(), 'economy-admin', t, 'economyAdminDescription')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) => {
      localized(sub, 'config', t, 'configDescription');
      for (const [name, key] of NUMBER_OPTIONS) {
        sub.addIntegerOption((o) => localized(o, name, t, key).setMinValue(0));
      }
      sub.addStringOption((o) =>
        localized(o, 'placing-points', t, 'optPlacingPoints').setMaxLength(80),
      );
      sub.addChannelOption((o) =>
        localized(o, 'announce-channel', t, 'optAnnounceChannel')
          .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
      );
      return sub;
    })
    .addSubcommandGroup((group) =>
      localized(group, 'season', t, 'seasonDescription')
        .addSubcommand((sub) =>
          localized(sub, 'start', t, 'seasonStartDescription'),
        ),
    )
    .addSubcommandGroup((group) =>
      localized(group, 'role-reward', t, 'roleRewardDescription')
        .addSubcommand((sub) =>
          localized(sub, 'add', t, 'roleRewardAddDescription')
            .addIntegerOption((o) =>
              localized(o, 'threshold', t, 'thresholdOption').setRequired(true).setMinValue(1),
            )
            .addRoleOption((o) => localized(o, 'role', t, 'roleOption').setRequired(true)),
        )
        .addSubcommand((sub) =>
          localized(sub, 'remove', t, 'roleRewardRemoveDescription')
            .addRoleOption((o) => localized(o, 'role', t, 'roleOption').setRequired(true)),
        ),
    ),

  async execute(interaction, ctx, locale) {
    const text = t(locale);
    const group = interaction.options.getSubcommandGroup();
    const sub = interaction.options.getSubcommand();
    const { economy } = ctx.services;
    requireGuildPermission(interaction, 'ManageGuild', locale);
    if (group === 'season') {
      const change = startSeason(ctx.database.sqlite, interaction.guildId, ctx.now(), interaction.user.id);
      ctx.log.info({ guildId: interaction.guildId, by: interaction.user.id, season: change.started.number }, 'season started');
      await respondEphemeral(interaction, {
        content: text.seasonStarted({ ended: change.ended.number, started: change.started.number, archived: change.ended.standings }),
      });
      return;
    }
    if (group === 'role-reward') {
      const roleId = interaction.options.getRole('role', true).id;
      const threshold = interaction.options.getInteger('threshold');
      save(ctx, interaction, locale, (c) => ({
        ...c,
        roleRewards: [...c.roleRewards.filter((r) => r.roleId !== roleId), ...(sub === 'add' && threshold !== null ? [{ threshold, roleId }] : [])],
      }));
      await respondEphemeral(interaction, {
        content: sub === 'add' ? text.roleRewardSaved({ threshold: threshold ?? 0, role: `<@&${roleId}>` }) : text.roleRewardRemoved({ role: `<@&${roleId}>` }),
      });
      return;
    }
    const changes: ((c: EconomyConfig) => EconomyConfig)[] = [];
    for (const [name, , apply] of NUMBER_OPTIONS) {
      const value = interaction.options.getInteger(name);
      if (value !== null) changes.push((c) => apply(c, value));
    }
    const placing = interaction.options.getString('placing-points');
    if (placing !== null) {
      const points = parseOptions(
        z.object({ 'placing-points': economyConfigSchema.shape.contestPlacing.unwrap() }),
        { 'placing-points': placing.split(',').map((p) => (/^\s*\d+\s*$/.test(p) ? Number(p) : Number.NaN)) },
        locale,
      )['placing-points'];
      changes.push((c) => ({ ...c, contestPlacing: points }));
    }
    const channel = interaction.options.getChannel('announce-channel');
    if (channel !== null) changes.push((c) => ({ ...c, announceChannelId: channel.id }));
    const config = changes.length > 0 ? save(ctx, interaction, locale, (c) => changes.reduce((acc, f) => f(acc), c)) : economy.config(interaction.guildId);
    await respondEphemeral(interaction, {
      ...(changes.length > 0 ? { content: text.configSaved } : {}),
      embeds: [
        configEmbed(config, locale, {
          rolesBlocked: hasAdminNotice(ctx.database.sqlite, interaction.guildId, MISSING_MANAGE_ROLES),
          economyOff: !economyEnabled(guildSettingsOf(ctx.database.sqlite, interaction.guildId)),
        }),
      ],
    });
  },
});

/** Validates and stores a config change; any change also resumes role rewards paused for a missing permission. */
function save(
  ctx: CommandContext,
  interaction: ChatInputCommandInteraction<'cached'>,
  locale: AppLocale,
  change: (c: EconomyConfig) => EconomyConfig,
): EconomyConfig {
  if (!guildQueries(ctx.database.sqlite).isRecorded(interaction.guildId)) throw new UserError(t(locale).guildNotRecorded);
  const result = updateEconomyConfig(ctx.database.db, interaction.guildId, change, interaction.user.id, ctx.now(), zodErrorMap(locale));
  if (!result.ok) {
    const issue = result.error.issues[0];
    throw new UserError(t(locale).configInvalid({ problem: `${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim() }));
  }
  clearAdminNotice(ctx.database.sqlite, interaction.guildId, MISSING_MANAGE_ROLES);
  ctx.log.info({ guildId: interaction.guildId, by: interaction.user.id }, 'economy config changed');
  return result.config;
}

function configEmbed(c: EconomyConfig, locale: AppLocale, state: { rolesBlocked: boolean; economyOff: boolean }): EmbedBuilder {
  const text = t(locale);
  const lines = [
    text.ruleLine({ name: text.ruleNamePost, points: c.post.points, cap: c.post.dailyCap }),
    text.ruleLine({ name: text.ruleNameReaction, points: c.reactionReceived.points, cap: c.reactionReceived.dailyCap }),
    text.ruleLine({ name: text.ruleNameReply, points: c.replyReceived.points, cap: c.replyReceived.dailyCap }),
    text.ruleLine({ name: text.ruleNameEntry, points: c.contestEntry.points, cap: c.contestEntry.dailyCap }),
    text.placingLine({ points: c.contestPlacing.join(' / ') || '0' }),
    text.cooldownLine({ seconds: c.postCooldownSeconds }),
    text.newMemberLine({ days: c.newMemberDays }),
    text.pairCapLine({ n: c.pairDailyCap }),
    text.announceLine({ channel: c.announceChannelId ? `<#${c.announceChannelId}>` : text.none }),
    '',
    ...(c.roleRewards.length === 0 ? [text.noRoleRewards] : c.roleRewards.map((r) => text.roleRewardLine({ threshold: r.threshold, role: `<@&${r.roleId}>` }))),
    ...(state.rolesBlocked ? ['', text.missingManageRoles] : []),
    ...(state.economyOff ? ['', text.configOffNote] : []),
  ];
  return new EmbedBuilder().setTitle(text.configTitle).setDescription(lines.join('\n'));
}

import { EmbedBuilder, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { parseOptions, requireGuildPermission } from '../src/discord/interactions/checks.js';
import { respondEphemeral } from '../src/discord/interactions/respond.js';
import { defineSlashCommand } from '../src/discord/interactions/types.js';
import { UserError } from '../src/discord/interactions/user-error.js';
import { badgeName, reasonName } from './render/economy.js';
import { economyText as t } from '../src/i18n/economy.js';
import { formatNumber } from '../src/i18n/format.js';
import { localizedName } from '../src/i18n/command-names.js';

/** `/points show [member]` and `/points adjust member delta reason` (moderators: Manage Messages). */
export const pointsCommand = defineSlashCommand({
  data: new SlashCommandBuilder()
    .setName('points').setNameLocalizations(localizedName('points'))
    .setDescription(t.en.pointsDescription)
    .setDescriptionLocalizations(t.discord('pointsDescription'))
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      sub
        .setName('show').setNameLocalizations(localizedName('show'))
        .setDescription(t.en.pointsShowDescription)
        .setDescriptionLocalizations(t.discord('pointsShowDescription'))
        .addUserOption((o) => o.setName('member').setNameLocalizations(localizedName('member')).setDescription(t.en.memberOption).setDescriptionLocalizations(t.discord('memberOption'))),
    )
    .addSubcommand((sub) =>
      sub
        .setName('adjust').setNameLocalizations(localizedName('adjust'))
        .setDescription(t.en.pointsAdjustDescription)
        .setDescriptionLocalizations(t.discord('pointsAdjustDescription'))
        .addUserOption((o) =>
          o.setName('member').setNameLocalizations(localizedName('member')).setDescription(t.en.adjustMemberOption).setDescriptionLocalizations(t.discord('adjustMemberOption')).setRequired(true),
        )
        .addIntegerOption((o) =>
          o.setName('delta').setNameLocalizations(localizedName('delta')).setDescription(t.en.deltaOption).setDescriptionLocalizations(t.discord('deltaOption')).setRequired(true),
        )
        .addStringOption((o) =>
          o
            .setName('reason').setNameLocalizations(localizedName('reason'))
            .setDescription(t.en.reasonOption)
            .setDescriptionLocalizations(t.discord('reasonOption'))
            .setRequired(true)
            .setMaxLength(200),
        ),
    ),

  async execute(interaction, ctx, locale) {
    const text = t(locale);
    const { economy } = ctx.services;
    if (interaction.options.getSubcommand() === 'adjust') {
      requireGuildPermission(interaction, 'ManageMessages', locale);
      const options = parseOptions(
        z.object({
          member: z.string(),
          delta: z.number().int().min(-100_000).max(100_000).refine((d) => d !== 0, text.zeroDelta),
          reason: z.string().trim().min(1).max(200),
        }),
        {
          member: interaction.options.getUser('member', true).id,
          delta: interaction.options.getInteger('delta', true),
          reason: interaction.options.getString('reason', true),
        },
        locale,
      );
      const result = economy.adjust({
        guildId: interaction.guildId,
        memberId: options.member,
        delta: options.delta,
        reason: options.reason,
        moderatorId: interaction.user.id,
        interactionId: interaction.id,
      });
      if (!result.applied) throw new UserError(text.adjustReplayed);
      ctx.log.info({ guildId: interaction.guildId, by: interaction.user.id, member: options.member, delta: options.delta }, 'points adjusted');
      const delta = options.delta > 0 ? `+${options.delta}` : String(options.delta);
      await respondEphemeral(interaction, { content: text.adjusted({ delta, member: `<@${options.member}>`, balance: formatNumber(result.balance, locale) }) });
      return;
    }
    const user = interaction.options.getUser('member') ?? interaction.user;
    const summary = economy.summary(interaction.guildId, user.id);
    const breakdown = summary.breakdown.map((b) => `${reasonName(b.reason, locale)}: ${formatNumber(b.points, locale)}`).join('\n');
    const embed = new EmbedBuilder()
      .setTitle(text.pointsTitle({ name: user.displayName }))
      .addFields(
        { name: text.balance, value: formatNumber(summary.balance, locale), inline: true },
        { name: text.rank, value: summary.rank === null ? text.unranked : `#${summary.rank}`, inline: true },
        { name: text.weekGain, value: formatNumber(summary.weekGain, locale), inline: true },
        { name: text.breakdown, value: breakdown || text.none },
        { name: text.badges, value: summary.badges.map((b) => `🏅 ${badgeName(b, locale)}`).join('\n') || text.none },
      );
    await respondEphemeral(interaction, { embeds: [embed] });
  },
});

import { EmbedBuilder, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { respondEphemeral } from '../src/discord/interactions/respond.js';
import { defineSlashCommand } from '../src/discord/interactions/types.js';
import { badgeName, reasonName } from './render/economy.js';
import { economyText as t } from '../src/i18n/economy.js';
import { formatNumber } from '../src/i18n/format.js';
import { requireEconomyOn } from './shared/feature-switches.js';
import { localized } from './shared/localized.js';

/** `/points show [member]`: balance, rank, this week's gain, breakdown and badges (moderators adjust with `/points-admin`). */
export const pointsCommand = defineSlashCommand({
  data: localized(new SlashCommandBuilder(), 'points', t, 'pointsDescription')
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      localized(sub, 'show', t, 'pointsShowDescription')
        .addUserOption((o) => localized(o, 'member', t, 'memberOption')),
    ),

  async execute(interaction, ctx, locale) {
    requireEconomyOn(ctx, interaction.guildId, locale);
    const text = t(locale);
    const { economy } = ctx.services;
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

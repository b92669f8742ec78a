import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { parseOptions, requireGuildPermission } from '../src/discord/interactions/checks.js';
import { respondEphemeral } from '../src/discord/interactions/respond.js';
import { defineSlashCommand } from '../src/discord/interactions/types.js';
import { statsText as t } from '../src/i18n/stats.js';
import { buildStatsReport } from '../src/stats/stats-report.js';
import { statsReply } from './render/stats.js';
import { RANGE_DAYS, STATS_RANGES } from '../src/stats/stats-range.js';
import { localized } from './shared/localized.js';

const RANGE_KEYS = { '7d': 'range7d', '30d': 'range30d', '90d': 'range90d' } as const;

const optionsSchema = z.object({ range: z.enum(STATS_RANGES).nullable() });

/**
 * `/stats [range]`: charts for moderators. Defaults to Manage Messages, the permission moderators have (the same as
 * /flags, the review queue); Manage Server is usually the admins' alone. The figures are aggregates only (no member
 * is named), and the check is repeated here because server admins can change who sees the command.
 */
export const statsCommand = defineSlashCommand({
  data: localized(new SlashCommandBuilder(), 'stats', t, 'commandDescription')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages)
    .setContexts(InteractionContextType.Guild)
    .addStringOption((option) =>
      localized(option, 'range', t, 'rangeOption')
        .addChoices(...STATS_RANGES.map((r) => ({ name: t.en[RANGE_KEYS[r]], name_localizations: t.discord(RANGE_KEYS[r]), value: r }))),
    ),

  async execute(interaction, ctx, locale) {
    requireGuildPermission(interaction, 'ManageMessages', locale);
    const { range } = parseOptions(optionsSchema, { range: interaction.options.getString('range') }, locale);
    // Drawing takes around a second (seconds when the drawing thread first starts): acknowledge first.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const days = RANGE_DAYS[range ?? '30d'];
    const report = await buildStatsReport(ctx.database.sqlite, interaction.guildId, { locale, now: ctx.now(), days });
    if (report.kind === 'charts') {
      ctx.log.info({ guildId: interaction.guildId, days, charts: report.charts.length }, 'stats rendered');
    }
    await respondEphemeral(interaction, statsReply(report, locale));
  },
});

import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { parseOptions, requireGuildPermission } from '../src/discord/interactions/checks.js';
import { respondEphemeral } from '../src/discord/interactions/respond.js';
import { defineSlashCommand } from '../src/discord/interactions/types.js';
import { UserError } from '../src/discord/interactions/user-error.js';
import { economyText as t } from '../src/i18n/economy.js';
import { formatNumber } from '../src/i18n/format.js';
import { requireEconomyOn } from './shared/feature-switches.js';
import { localized } from './shared/localized.js';

/**
 * `/points-admin adjust member delta reason`: a moderator's manual change, written to the ledger with their id. A
 * command of its own so members do not see it (Manage Messages by default, re-checked here).
 */
export const pointsAdminCommand = defineSlashCommand({
  data: localized(new SlashCommandBuilder(), 'points-admin', t, 'pointsAdminDescription')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      localized(sub, 'adjust', t, 'pointsAdjustDescription')
        .addUserOption((o) =>
          localized(o, 'member', t, 'adjustMemberOption').setRequired(true),
        )
        .addIntegerOption((o) =>
          localized(o, 'delta', t, 'deltaOption').setRequired(true),
        )
        .addStringOption((o) =>
          localized(o, 'reason', t, 'reasonOption')
            .setRequired(true)
            .setMaxLength(200),
        ),
    ),

  async execute(interaction, ctx, locale) {
    requireGuildPermission(interaction, 'ManageMessages', locale);
    requireEconomyOn(ctx, interaction.guildId, locale);
    const text = t(locale);
    const { economy } = ctx.services;
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
  },
});

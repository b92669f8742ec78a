import { EmbedBuilder, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { respondEphemeral } from '../src/discord/interactions/respond.js';
import { defineSlashCommand } from '../src/discord/interactions/types.js';
import { economyText as t } from '../src/i18n/economy.js';
import { guildTimeZone } from '../src/settings/guild-settings.js';
import { requireEconomyOn } from './shared/feature-switches.js';
import { localized } from './shared/localized.js';

/** `/economy rules`: how points are earned here and what does not count (admins change them with `/economy-admin`). */
export const economyCommand = defineSlashCommand({
  data: localized(new SlashCommandBuilder(), 'economy', t, 'economyDescription')
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) => localized(sub, 'rules', t, 'rulesDescription')),

  async execute(interaction, ctx, locale) {
    requireEconomyOn(ctx, interaction.guildId, locale);
    const text = t(locale);
    const c = ctx.services.economy.config(interaction.guildId);
    const embed = new EmbedBuilder().setTitle(text.rulesTitle).setDescription(
      text.rulesBody({
        post: c.post.points,
        reaction: c.reactionReceived.points,
        reply: c.replyReceived.points,
        entry: c.contestEntry.points,
        placing: c.contestPlacing.join(' / ') || '0',
        cooldown: c.postCooldownSeconds,
        newDays: c.newMemberDays,
        pairCap: c.pairDailyCap,
        postCap: c.post.dailyCap,
        reactionCap: c.reactionReceived.dailyCap,
        replyCap: c.replyReceived.dailyCap,
        timeZone: guildTimeZone(ctx.database.sqlite, interaction.guildId),
      }),
    );
    await respondEphemeral(interaction, { embeds: [embed] });
  },
});

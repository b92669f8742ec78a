import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
  InteractionContextType,
  SlashCommandBuilder,
} from 'discord.js';
import { z } from 'zod';
import { customId, parseButtonArgs } from '../src/discord/interactions/custom-id.js';
import { replyWithinDeadline, type Reply } from '../src/discord/interactions/respond.js';
import { defineButtonHandler, defineSlashCommand, type CommandContext } from '../src/discord/interactions/types.js';
import { UserError } from '../src/discord/interactions/user-error.js';
import { PERIODS, type Period } from '../src/economy/periods.js';
import { commonText } from '../src/i18n/common.js';
import { economyText as t } from '../src/i18n/economy.js';
import { formatNumber } from '../src/i18n/format.js';
import type { AppLocale } from '../src/i18n/locale.js';
import { requireEconomyOn } from './shared/feature-switches.js';
import { localized } from './shared/localized.js';

const PAGE_SIZE = 10;
const PREFIX = 'lb';

const PERIOD_KEYS = { week: 'periodWeek', month: 'periodMonth', season: 'periodSeason', all: 'periodAll' } as const;

/** `/leaderboard [week|month|season|all]` with page buttons. The board's moment is in the buttons, so pages agree. */
export const leaderboardCommand = defineSlashCommand({
  data: localized(new SlashCommandBuilder(), 'leaderboard', t, 'leaderboardDescription')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) =>
      localized(o, 'period', t, 'periodOption')
        .addChoices(
          ...PERIODS.map((p) => ({ name: t.en[PERIOD_KEYS[p]], name_localizations: t.discord(PERIOD_KEYS[p]), value: p })),
        ),
    ),

  async execute(interaction, ctx, locale) {
    requireEconomyOn(ctx, interaction.guildId, locale);
    const period = z.enum(PERIODS).catch('week').parse(interaction.options.getString('period') ?? 'week');
    const at = Math.floor(ctx.now() / 1000);
    await replyWithinDeadline(interaction, async () => renderBoard(ctx, interaction.guildId, period, at, 0, locale), { ephemeral: false });
  },
});

export const leaderboardButtons = defineButtonHandler({
  prefix: PREFIX,
  async handle(interaction, ctx, args, locale) {
    const parsed = parseButtonArgs(z.tuple([z.enum(PERIODS), z.coerce.number().int().min(0), z.coerce.number().int().min(0)]), args);
    if (!parsed || !interaction.guildId) throw new UserError(commonText(locale).expiredComponent);
    const [period, at, page] = parsed;
    requireEconomyOn(ctx, interaction.guildId, locale);
    await interaction.update(renderBoard(ctx, interaction.guildId, period, at, page, locale) as Parameters<typeof interaction.update>[0]);
  },
});

function renderBoard(ctx: CommandContext, guildId: string, period: Period, atSeconds: number, page: number, locale: AppLocale): Reply {
  const text = t(locale);
  const board = ctx.services.economy.leaderboard(guildId, period, page, PAGE_SIZE, atSeconds * 1000);
  const pages = Math.max(1, Math.ceil(board.total / PAGE_SIZE));
  const label = period === 'season' ? `${text[PERIOD_KEYS[period]]} (${text.seasonLabel({ number: board.season.number })})` : text[PERIOD_KEYS[period]];
  const embed = new EmbedBuilder()
    .setTitle(text.leaderboardTitle({ period: label }))
    .setDescription(board.rows.length === 0 ? text.emptyBoard : board.rows.map((r) => `**${r.rank}.** <@${r.memberId}> — ${formatNumber(r.points, locale)}`).join('\n'))
    .setFooter({ text: text.page({ page: Math.min(page + 1, pages), pages }) });
  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(customId(PREFIX, period, atSeconds, Math.max(0, page - 1)))
      .setLabel(text.previous)
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(page === 0),
    new ButtonBuilder()
      .setCustomId(customId(PREFIX, period, atSeconds, page + 1))
      .setLabel(text.next)
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(page + 1 >= pages),
  );
  return { embeds: [embed], components: [row] };
}

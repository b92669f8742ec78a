import { ChannelType, EmbedBuilder, InteractionContextType, MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { z } from 'zod';
import { recommendText as t } from '../src/i18n/recommend.js';
import { parseOptions } from '../src/discord/interactions/checks.js';
import { replyWithinDeadline, type Reply } from '../src/discord/interactions/respond.js';
import { defineSlashCommand } from '../src/discord/interactions/types.js';
import { UserError } from '../src/discord/interactions/user-error.js';
import { emptyResultText } from './render/empty-result.js';
import { renderRecommendationList } from './render/recommendation-list.js';
import { postPreviews } from '../src/recommend/post-previews.js';
import { shownItems } from '../src/recommend/recommend-service.js';
import { localized } from './shared/localized.js';

const DAY_MS = 86_400_000;
const SINCE = { '1d': 1, '3d': 3, '7d': 7, '14d': 14 } as const;
const SINCE_LABEL = { '1d': 'sinceDay', '3d': 'sinceThreeDays', '7d': 'sinceWeek', '14d': 'sinceTwoWeeks' } as const;

const optionsSchema = z.object({
  count: z.number().int().min(1).max(10).default(5),
  channel: z.string().regex(/^\d{17,20}$/).optional(),
  since: z.enum(['1d', '3d', '7d', '14d']).default('7d'),
});

/** `/recommend [count] [channel] [since]`: an ephemeral list with jump links, reasons and feedback buttons. */
export const recommendCommand = defineSlashCommand({
  data: localized(new SlashCommandBuilder(), 'recommend', t, 'commandDescription')
    .setContexts(InteractionContextType.Guild)
    .addIntegerOption((o) =>
      localized(o, 'count', t, 'countDescription').setMinValue(1).setMaxValue(10),
    )
    .addChannelOption((o) =>
      localized(o, 'channel', t, 'channelDescription')
        .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.GuildForum),
    )
    .addStringOption((o) =>
      localized(o, 'since', t, 'sinceDescription')
        .addChoices(
          ...(Object.keys(SINCE) as (keyof typeof SINCE)[]).map((value) => ({
            name: t.en[SINCE_LABEL[value]],
            name_localizations: t.discord(SINCE_LABEL[value]),
            value,
          })),
        ),
    ),

  async execute(interaction, ctx, locale) {
    const options = parseOptions(
      optionsSchema,
      {
        count: interaction.options.getInteger('count') ?? undefined,
        channel: interaction.options.getChannel('channel')?.id,
        since: interaction.options.getString('since') ?? undefined,
      },
      locale,
    );
    const service = ctx.services.recommend;
    const text = t(locale);
    const now = ctx.now();
    const produce = async (): Promise<Reply> => {
      const outcome = await service.recommend({
        guildId: interaction.guildId,
        memberId: interaction.user.id,
        count: options.count,
        channelId: options.channel,
        since: now - SINCE[options.since] * DAY_MS,
        allowNsfw: askedFromNsfwChannel(interaction),
      });
      if (!outcome) throw new UserError(text.notMember);
      if (outcome.items.length === 0) {
        return { embeds: [new EmbedBuilder().setDescription(emptyResultText(outcome, text[SINCE_LABEL[options.since]], locale))], components: [] };
      }
      service.recordImpressions(interaction.guildId, interaction.user.id, 'recommend', shownItems(outcome.items), outcome.method, now);
      ctx.log.debug({ guildId: interaction.guildId, items: outcome.items.length, removed: Object.fromEntries(outcome.removed) }, 'recommended');
      const previews = postPreviews(ctx.database.sqlite, interaction.guildId, outcome.items.map((item) => item.candidate.postId));
      return renderRecommendationList(interaction.guildId, outcome.items, locale, { title: text.title, method: outcome.method, feedbackButtons: true, previews });
    };
    // A cold cache (the first request builds the guild's snapshot) or a scorer known to be slow: defer first.
    if (service.shouldDeferUpFront(interaction.guildId)) {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await interaction.editReply({ allowedMentions: { parse: [] }, ...(await produce()) });
      return;
    }
    await replyWithinDeadline(interaction, produce, { ephemeral: true });
  },
});

/** NSFW posts only for a request made in an age-restricted channel (or a thread of one), which the member can see. */
function askedFromNsfwChannel(interaction: ChatInputCommandInteraction<'cached'>): boolean {
  const channel = interaction.channel;
  if (!channel) return false;
  const base = channel.isThread() ? channel.parent : channel;
  return base !== null && 'nsfw' in base && base.nsfw === true;
}

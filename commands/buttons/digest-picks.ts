/** "Show my picks" under the community digest: the member's personal digest for that day, ephemerally. */
import { MessageFlags } from 'discord.js';
import { z } from 'zod';
import { parseButtonArgs } from '../../src/discord/interactions/custom-id.js';
import { replyWithinDeadline, type Reply } from '../../src/discord/interactions/respond.js';
import { defineButtonHandler } from '../../src/discord/interactions/types.js';
import { UserError } from '../../src/discord/interactions/user-error.js';
import { commonText } from '../../src/i18n/common.js';
import { digestText } from '../../src/i18n/digest.js';
import { recommendText } from '../../src/i18n/recommend.js';
import { postPreviews } from '../../src/recommend/post-previews.js';
import { PICKS_BUTTON_PREFIX, renderPersonalDigest } from '../render/digest-messages.js';

export const picksButton = defineButtonHandler({
  prefix: PICKS_BUTTON_PREFIX,
  async handle(interaction, ctx, args, locale) {
    const parsed = parseButtonArgs(z.tuple([z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]), args);
    if (!parsed) throw new UserError(commonText(locale).expiredComponent);
    if (!interaction.inCachedGuild()) throw new UserError(commonText(locale).guildOnly);
    const [day] = parsed;
    const guildId = interaction.guildId;
    const produce = async (): Promise<Reply> => {
      const picks = await ctx.services.digest.picks(guildId, interaction.user.id, day);
      if (picks === 'no-digest') throw new UserError(commonText(locale).expiredComponent);
      if (!picks) throw new UserError(recommendText(locale).notMember);
      return renderPersonalDigest(guildId, picks.items, picks.method, locale, {
        title: digestText(locale).picksTitle,
        direct: false,
        previews: postPreviews(ctx.database.sqlite, guildId, picks.items.map((item) => item.postId)),
      });
    };
    if (ctx.services.recommend.shouldDeferUpFront(guildId)) {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await interaction.editReply({ allowedMentions: { parse: [] }, ...(await produce()) });
      return;
    }
    await replyWithinDeadline(interaction, produce, { ephemeral: true });
  },
});

/** 👍 / 👎 / ✕ on a recommended post: stored at once (it filters the post from then on and is a training signal). */
import { z } from 'zod';
import { FEEDBACK_KINDS } from '../../src/db/schema-recommend.js';
import { parseButtonArgs } from '../../src/discord/interactions/custom-id.js';
import { respondEphemeral } from '../../src/discord/interactions/respond.js';
import { defineButtonHandler } from '../../src/discord/interactions/types.js';
import { UserError } from '../../src/discord/interactions/user-error.js';
import { commonText } from '../../src/i18n/common.js';
import { recommendText } from '../../src/i18n/recommend.js';
import { FEEDBACK_BUTTON_PREFIX } from '../render/recommendation-list.js';

const snowflake = z.string().regex(/^\d{17,20}$/);

export const feedbackButton = defineButtonHandler({
  prefix: FEEDBACK_BUTTON_PREFIX,
  async handle(interaction, ctx, args, locale) {
    const parsed = parseButtonArgs(z.tuple([z.enum(FEEDBACK_KINDS), snowflake, snowflake]), args);
    if (!parsed) throw new UserError(commonText(locale).expiredComponent);
    const [kind, guildId, postId] = parsed;
    const text = recommendText(locale);
    const outcome = await ctx.services.recommend.recordFeedback(guildId, interaction.user.id, postId, kind);
    if (outcome === 'unknown-post') throw new UserError(text.feedbackUnknownPost);
    if (outcome === 'opted-out') throw new UserError(text.feedbackNotRecorded);
    ctx.log.debug({ guildId, postId, kind }, 'recommendation feedback');
    await respondEphemeral(interaction, { content: kind === 'more' ? text.feedbackMore : kind === 'less' ? text.feedbackLess : text.feedbackHide });
  },
});

/** The confirmation of /privacy delete. The member's id travels in the custom id; only that member may press. */
import { z } from 'zod';
import { parseButtonArgs } from '../../src/discord/interactions/custom-id.js';
import { defineButtonHandler } from '../../src/discord/interactions/types.js';
import { UserError } from '../../src/discord/interactions/user-error.js';
import { commonText } from '../../src/i18n/common.js';
import { privacyText } from '../../src/i18n/privacy.js';

export const PRIVACY_DELETE_PREFIX = 'privacydelete';

export const privacyDeleteButtons = defineButtonHandler({
  prefix: PRIVACY_DELETE_PREFIX,
  // Nothing logged from the confirmation on may carry the id of the member whose data it erases.
  logsWithoutMember: true,
  async handle(interaction, ctx, args, locale) {
    const parsed = parseButtonArgs(z.tuple([z.enum(['confirm', 'cancel']), z.string().regex(/^\d{1,20}$/)]), args);
    if (!parsed) throw new UserError(commonText(locale).expiredComponent);
    const [verb, userId] = parsed;
    const text = privacyText(locale);
    if (interaction.user.id !== userId) throw new UserError(text.notYourButton);
    if (verb === 'cancel') {
      await interaction.update({ content: text.cancelled, components: [] });
      return;
    }
    const changed = ctx.services.privacy.erase(userId, ctx.now());
    const rows = Object.values(changed).reduce((a, b) => a + b, 0);
    // Logged without the member's id (the router's lines for this button carry none): the log must not keep what was just erased.
    ctx.log.info({ tables: Object.keys(changed).length, rows }, 'member data erased on request');
    await interaction.update({ content: text.deleted({ rows }), components: [] });
  },
});

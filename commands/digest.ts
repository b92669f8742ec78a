import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { DIGEST_MODES } from '../src/db/schema-recommend.js';
import { digestSettingsOf, saveDigestMode } from '../src/digest/digest-settings-store.js';
import { parseOptions } from '../src/discord/interactions/checks.js';
import { respondEphemeral } from '../src/discord/interactions/respond.js';
import { defineSlashCommand } from '../src/discord/interactions/types.js';
import { UserError } from '../src/discord/interactions/user-error.js';
import { digestText as t } from '../src/i18n/digest.js';
import { localized } from './shared/localized.js';

const MODE_LABEL = { off: 'modeOff', channel: 'modeChannel', dm: 'modeDm' } as const;

/**
 * `/digest mode`: every member's own choice of how they get their personal digest (off, the picks button in the
 * digest channel, or a DM — DMs only by their own choice). Admins set the digest up with `/settings digest`.
 */
export const digestCommand = defineSlashCommand({
  data: localized(new SlashCommandBuilder(), 'digest', t, 'commandDescription')
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      localized(sub, 'mode', t, 'modeDescription')
        .addStringOption((o) =>
          localized(o, 'mode', t, 'modeOptionDescription')
            .setRequired(true)
            .addChoices(...DIGEST_MODES.map((value) => ({ name: t.en[MODE_LABEL[value]], name_localizations: t.discord(MODE_LABEL[value]), value }))),
        ),
    ),

  async execute(interaction, ctx, locale) {
    const text = t(locale);
    const { db } = ctx.database;
    const mode = parseOptions(z.object({ mode: z.enum(DIGEST_MODES) }), { mode: interaction.options.getString('mode', true) }, locale).mode;
    if (mode !== 'off' && !digestSettingsOf(db, interaction.guildId)?.enabled) throw new UserError(text.digestNotSetUp);
    saveDigestMode(db, interaction.guildId, interaction.user.id, mode, ctx.now(), interaction.locale);
    await respondEphemeral(interaction, { content: mode === 'off' ? text.modeSavedOff : mode === 'dm' ? text.modeSavedDm : text.modeSavedChannel });
  },
});

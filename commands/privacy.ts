import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
  InteractionContextType,
  MessageFlags,
  SlashCommandBuilder,
} from 'discord.js';
import { customId } from '../src/discord/interactions/custom-id.js';
import { respondEphemeral } from '../src/discord/interactions/respond.js';
import { defineSlashCommand } from '../src/discord/interactions/types.js';
import { UserError } from '../src/discord/interactions/user-error.js';
import { formatNumber } from '../src/i18n/format.js';
import type { AppLocale } from '../src/i18n/locale.js';
import { privacyText as t } from '../src/i18n/privacy.js';
import { PRIVACY_DELETE_PREFIX } from './buttons/privacy-delete.js';
import { localized } from './shared/localized.js';

/** `/privacy status|optout|optin|export|delete`: every member's control over their own data (no permission needed). */
export const privacyCommand = defineSlashCommand({
  data: localized(new SlashCommandBuilder(), 'privacy', t, 'commandDescription')
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) => localized(sub, 'status', t, 'statusDescription'))
    .addSubcommand((sub) => localized(sub, 'optout', t, 'optoutDescription'))
    .addSubcommand((sub) => localized(sub, 'optin', t, 'optinDescription'))
    .addSubcommand((sub) => localized(sub, 'export', t, 'exportDescription'))
    .addSubcommand((sub) => localized(sub, 'delete', t, 'deleteDescription')),

  async execute(interaction, ctx, locale) {
    const text = t(locale);
    const privacy = ctx.services.privacy;
    const { guildId, user } = interaction;
    switch (interaction.options.getSubcommand()) {
      case 'status': {
        const status = privacy.status(guildId, user.id);
        const rows = Object.entries(status.counts).map(([table, n]) => `${tableLabel(table, locale)} (\`${table}\`): ${formatNumber(n, locale)}`);
        const embed = new EmbedBuilder()
          .setTitle(text.statusTitle)
          .setDescription(text.statusIntro)
          .addFields(
            { name: text.statusRecording, value: status.optedOut ? text.recordingOff : text.recordingOn },
            { name: text.statusRows, value: rows.length > 0 ? rows.join('\n') : text.noRows },
          );
        await respondEphemeral(interaction, { embeds: [embed] });
        return;
      }
      case 'optout': {
        const outcome = privacy.optOut(guildId, user.id, ctx.now());
        if (outcome === 'unknown-guild') throw new UserError(text.guildNotRecorded);
        ctx.log.info({ guildId, userId: user.id }, 'member opted out');
        await respondEphemeral(interaction, { content: outcome === 'opted-out' ? text.optedOut : text.alreadyOptedOut });
        return;
      }
      case 'optin': {
        const changed = privacy.optIn(guildId, user.id);
        if (changed) ctx.log.info({ guildId, userId: user.id }, 'member opted in');
        await respondEphemeral(interaction, { content: changed ? text.optedIn : text.notOptedOut });
        return;
      }
      case 'export': {
        // Reading every table for a long-standing member can take a while: acknowledge first. The rows are read and
        // serialised on another thread and come in files of at most the part size: one per message, the first in
        // the deferred reply, the others as follow-ups, each sent as soon as it is written.
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        for await (const part of privacy.exportParts(user.id, ctx.now())) {
          const single = part.last && part.part === 1;
          const content = single ? text.exportReady : part.last ? text.exportLastPart({ part: part.part }) : text.exportPart({ part: part.part });
          const file = new AttachmentBuilder(Buffer.from(part.bytes.buffer, part.bytes.byteOffset, part.bytes.byteLength), { name: part.fileName });
          if (part.part === 1) await respondEphemeral(interaction, { content, files: [file] });
          else await interaction.followUp({ content, files: [file], flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
        }
        return;
      }
      case 'delete': {
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId(customId(PRIVACY_DELETE_PREFIX, 'confirm', user.id)).setLabel(text.deleteButton).setStyle(ButtonStyle.Danger),
          new ButtonBuilder().setCustomId(customId(PRIVACY_DELETE_PREFIX, 'cancel', user.id)).setLabel(text.cancelButton).setStyle(ButtonStyle.Secondary),
        );
        await respondEphemeral(interaction, { content: text.deleteConfirm, components: [row] });
        return;
      }
    }
  },
});

/** What a stored table holds, in the member's language; a table added later without a label shows its id only. */
function tableLabel(table: string, locale: AppLocale): string {
  const text: Readonly<Record<string, unknown>> = t(locale);
  const label = Object.hasOwn(text, `table_${table}`) ? text[`table_${table}`] : undefined;
  return typeof label === 'string' ? label : table;
}

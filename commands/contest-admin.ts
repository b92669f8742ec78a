import { ChannelType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { parseDeadline } from '../src/contests/options.js';
import { parseOptions, requireGuildPermission } from '../src/discord/interactions/checks.js';
import { respondEphemeral } from '../src/discord/interactions/respond.js';
import { defineSlashCommand } from '../src/discord/interactions/types.js';
import { UserError } from '../src/discord/interactions/user-error.js';
import { localizedName } from '../src/i18n/command-names.js';
import { commonText } from '../src/i18n/common.js';
import { contestText as t } from '../src/i18n/contests.js';
import { guildTimeZone } from '../src/settings/guild-settings.js';
import { refusalsAsUserErrors } from './render/contest-refusals.js';
import { discordTime } from './render/contests.js';
import { contestOption, modeLabel } from './shared/contest-options.js';
import { requireContestsOn } from './shared/feature-switches.js';

const MODERATOR = 'ManageMessages' as const;

/**
 * `/contest-admin create|cancel|close`: the moderators' side of contests, a command of its own so members do not see
 * it (Manage Messages by default, re-checked here). Members enter and follow contests with `/contest`.
 */
export const contestAdminCommand = defineSlashCommand({
  data: new SlashCommandBuilder()
    .setName('contest-admin').setNameLocalizations(localizedName('contest-admin'))
    .setDescription(t.en.adminDescription)
    .setDescriptionLocalizations(t.discord('adminDescription'))
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      sub
        .setName('create').setNameLocalizations(localizedName('create'))
        .setDescription(t.en.createDescription)
        .setDescriptionLocalizations(t.discord('createDescription'))
        .addStringOption((o) => o.setName('title').setNameLocalizations(localizedName('title')).setDescription(t.en.titleOption).setDescriptionLocalizations(t.discord('titleOption')).setRequired(true).setMaxLength(100))
        .addStringOption((o) => o.setName('theme').setNameLocalizations(localizedName('theme')).setDescription(t.en.themeOption).setDescriptionLocalizations(t.discord('themeOption')).setRequired(true).setMaxLength(500))
        .addChannelOption((o) =>
          o
            .setName('channel').setNameLocalizations(localizedName('channel'))
            .setDescription(t.en.channelOption)
            .setDescriptionLocalizations(t.discord('channelOption'))
            .setRequired(true)
            .addChannelTypes(ChannelType.GuildText, ChannelType.PublicThread, ChannelType.GuildAnnouncement),
        )
        .addStringOption((o) =>
          o.setName('submission-ends').setNameLocalizations(localizedName('submission-ends')).setDescription(t.en.submissionEndsOption).setDescriptionLocalizations(t.discord('submissionEndsOption')).setRequired(true),
        )
        .addStringOption((o) =>
          o.setName('voting-ends').setNameLocalizations(localizedName('voting-ends')).setDescription(t.en.votingEndsOption).setDescriptionLocalizations(t.discord('votingEndsOption')).setRequired(true),
        )
        .addIntegerOption((o) =>
          o.setName('entries-per-member').setNameLocalizations(localizedName('entries-per-member')).setDescription(t.en.entriesOption).setDescriptionLocalizations(t.discord('entriesOption')).setMinValue(1).setMaxValue(10),
        )
        .addIntegerOption((o) =>
          o.setName('votes-per-member').setNameLocalizations(localizedName('votes-per-member')).setDescription(t.en.votesOption).setDescriptionLocalizations(t.discord('votesOption')).setMinValue(1).setMaxValue(25),
        )
        .addStringOption((o) =>
          o
            .setName('vote-mode').setNameLocalizations(localizedName('vote-mode'))
            .setDescription(t.en.voteModeOption)
            .setDescriptionLocalizations(t.discord('voteModeOption'))
            .addChoices(
              { name: t.en.voteModeButtons, name_localizations: t.discord('voteModeButtons'), value: 'buttons' },
              { name: t.en.voteModeReactions, name_localizations: t.discord('voteModeReactions'), value: 'reactions' },
            ),
        )
        .addStringOption((o) => o.setName('vote-emoji').setNameLocalizations(localizedName('vote-emoji')).setDescription(t.en.emojiOption).setDescriptionLocalizations(t.discord('emojiOption')).setMaxLength(64))
        .addBooleanOption((o) => o.setName('anti-alt').setNameLocalizations(localizedName('anti-alt')).setDescription(t.en.antiAltOption).setDescriptionLocalizations(t.discord('antiAltOption'))),
    )
    .addSubcommand((sub) => contestOption(sub.setName('cancel').setNameLocalizations(localizedName('cancel')).setDescription(t.en.cancelDescription).setDescriptionLocalizations(t.discord('cancelDescription'))))
    .addSubcommand((sub) => contestOption(sub.setName('close').setNameLocalizations(localizedName('close')).setDescription(t.en.closeDescription).setDescriptionLocalizations(t.discord('closeDescription')))),

  async execute(interaction, ctx, locale) {
    requireGuildPermission(interaction, MODERATOR, locale);
    requireContestsOn(ctx, interaction.guildId, locale);
    const text = t(locale);
    const { contests } = ctx.services;
    const guildId = interaction.guildId;
    const sub = interaction.options.getSubcommand();
    switch (sub) {
      case 'create': {
        const now = ctx.now();
        const timeZone = guildTimeZone(ctx.database.sqlite, guildId);
        const deadline = (problemOf: string) =>
          z.string().transform((value, zctx) => {
            const parsed = parseDeadline(value, now, timeZone);
            if ('at' in parsed) return parsed.at;
            const message = parsed.problem === 'format' ? text.badDeadline({ timeZone }) : parsed.problem === 'past' ? text.deadlinePast : text.deadlineTooFar;
            zctx.addIssue({ code: 'custom', message: `${problemOf} ${message}`.trim() });
            return z.NEVER;
          });
        const options = parseOptions(
          z
            .object({
              title: z.string().trim().min(1).max(100),
              theme: z.string().trim().min(1).max(500),
              channel: z.string(),
              'submission-ends': deadline(''),
              'voting-ends': deadline(''),
              'entries-per-member': z.number().int().min(1).max(10),
              'votes-per-member': z.number().int().min(1).max(25),
              'vote-mode': z.enum(['buttons', 'reactions']),
              'vote-emoji': z.string().trim().min(1).max(64),
              'anti-alt': z.boolean(),
            })
            .refine((o) => o['voting-ends'] > o['submission-ends'], { path: ['voting-ends'], message: text.votingBeforeSubmission }),
          {
            title: interaction.options.getString('title', true),
            theme: interaction.options.getString('theme', true),
            channel: interaction.options.getChannel('channel', true).id,
            'submission-ends': interaction.options.getString('submission-ends', true),
            'voting-ends': interaction.options.getString('voting-ends', true),
            'entries-per-member': interaction.options.getInteger('entries-per-member') ?? 1,
            'votes-per-member': interaction.options.getInteger('votes-per-member') ?? 3,
            'vote-mode': interaction.options.getString('vote-mode') ?? 'buttons',
            'vote-emoji': emojiKey(interaction.options.getString('vote-emoji') ?? '👍'),
            'anti-alt': interaction.options.getBoolean('anti-alt') ?? false,
          },
          locale,
        );
        const contest = contests.create({
          guildId,
          title: options.title,
          theme: options.theme,
          channelId: options.channel,
          createdBy: interaction.user.id,
          submissionEndsAt: options['submission-ends'],
          votingEndsAt: options['voting-ends'],
          entriesPerMember: options['entries-per-member'],
          votesPerMember: options['votes-per-member'],
          voteMode: options['vote-mode'],
          voteEmoji: options['vote-emoji'],
          joinedBeforeOnly: options['anti-alt'],
        });
        ctx.log.info({ guildId, contestId: contest.id, by: interaction.user.id }, 'contest created');
        await interaction.reply({
          content: text.created({
            id: contest.id,
            title: contest.title,
            theme: contest.theme,
            channel: `<#${contest.channelId}>`,
            submissionEnds: discordTime(contest.submissionEndsAt),
            votingEnds: discordTime(contest.votingEndsAt),
            mode: modeLabel(contest, locale),
          }),
          allowedMentions: { parse: [] },
        });
        return;
      }
      case 'cancel':
      case 'close': {
        const id = interaction.options.getInteger('contest', true);
        refusalsAsUserErrors(locale, () => (sub === 'cancel' ? contests.cancel(guildId, id) : contests.closeNow(guildId, id)));
        ctx.log.info({ guildId, contestId: id, by: interaction.user.id }, `contest ${sub === 'cancel' ? 'cancelled' : 'closed'}`);
        await respondEphemeral(interaction, { content: sub === 'cancel' ? text.cancelled({ id }) : text.closed({ id }) });
        // The results (or the cancellation) are announced by the next tick, through the batched announcer.
        return;
      }
      default:
        throw new UserError(commonText(locale).unknownCommand);
    }
  },
});

/** The key reactions are stored under: a custom emoji's id (`<:name:id>`), else the unicode emoji itself. */
function emojiKey(input: string): string {
  const custom = /^<a?:\w+:(\d{17,20})>$/.exec(input.trim());
  return custom ? custom[1]! : input.trim();
}

import { ChannelType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { parseDeadline } from '../src/contests/options.js';
import { parseOptions, requireGuildPermission } from '../src/discord/interactions/checks.js';
import { respondEphemeral } from '../src/discord/interactions/respond.js';
import { defineSlashCommand } from '../src/discord/interactions/types.js';
import { UserError } from '../src/discord/interactions/user-error.js';
import { commonText } from '../src/i18n/common.js';
import { contestText as t } from '../src/i18n/contests.js';
import { guildTimeZone } from '../src/settings/guild-settings.js';
import { refusalsAsUserErrors } from './render/contest-refusals.js';
import { discordTime } from './render/contests.js';
import { contestOption, modeLabel } from './shared/contest-options.js';
import { requireContestsOn } from './shared/feature-switches.js';
import { localized } from './shared/localized.js';

const MODERATOR = 'ManageMessages' as const;

/**
 * `/contest-admin create|cancel|close`: the moderators' side of contests, a command of its own so members do not see
 * it (Manage Messages by default, re-checked here). Members enter and follow contests with `/contest`.
 */
export const contestAdminCommand = defineSlashCommand({
  data: localized(new SlashCommandBuilder(), 'contest-admin', t, 'adminDescription')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      localized(sub, 'create', t, 'createDescription')
        .addStringOption((o) => localized(o, 'title', t, 'titleOption').setRequired(true).setMaxLength(100))
        .addStringOption((o) => localized(o, 'theme', t, 'themeOption').setRequired(true).setMaxLength(500))
        .addChannelOption((o) =>
          localized(o, 'channel', t, 'channelOption')
            .setRequired(true)
            .addChannelTypes(ChannelType.GuildText, ChannelType.PublicThread, ChannelType.GuildAnnouncement),
        )
        .addStringOption((o) =>
          localized(o, 'submission-ends', t, 'submissionEndsOption').setRequired(true),
        )
        .addStringOption((o) =>
          localized(o, 'voting-ends', t, 'votingEndsOption').setRequired(true),
        )
        .addIntegerOption((o) =>
          localized(o, 'entries-per-member', t, 'entriesOption').setMinValue(1).setMaxValue(10),
        )
        .addIntegerOption((o) =>
          localized(o, 'votes-per-member', t, 'votesOption').setMinValue(1).setMaxValue(25),
        )
        .addStringOption((o) =>
          localized(o, 'vote-mode', t, 'voteModeOption')
            .addChoices(
              { name: t.en.voteModeButtons, name_localizations: t.discord('voteModeButtons'), value: 'buttons' },
              { name: t.en.voteModeReactions, name_localizations: t.discord('voteModeReactions'), value: 'reactions' },
            ),
        )
        .addStringOption((o) => localized(o, 'vote-emoji', t, 'emojiOption').setMaxLength(64))
        .addBooleanOption((o) => localized(o, 'anti-alt', t, 'antiAltOption')),
    )
    .addSubcommand((sub) => contestOption(localized(sub, 'cancel', t, 'cancelDescription')))
    .addSubcommand((sub) => contestOption(localized(sub, 'close', t, 'closeDescription'))),

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

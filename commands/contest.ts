import {
  ChannelType,
  EmbedBuilder,
  InteractionContextType,
  MessageFlags,
  SlashCommandBuilder,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import { z } from 'zod';
import { parseOptions, requireGuildPermission } from '../src/discord/interactions/checks.js';
import { parseButtonArgs } from '../src/discord/interactions/custom-id.js';
import { respondEphemeral } from '../src/discord/interactions/respond.js';
import { defineButtonHandler, defineSlashCommand, type Services } from '../src/discord/interactions/types.js';
import { UserError } from '../src/discord/interactions/user-error.js';
import { messageIdFrom, parseDeadline } from '../src/contests/options.js';
import type { EntryVisibility } from '../src/contests/service.js';
import { withSettledAccess, type MemberAccess } from '../src/recommend/channel-access.js';
import { refusalsAsUserErrors } from './render/contest-refusals.js';
import { discordTime, emojiText, VOTE_BUTTON_PREFIX } from './render/contests.js';
import type { Contest } from '../src/db/schema.js';
import { commonText } from '../src/i18n/common.js';
import { contestText as t } from '../src/i18n/contests.js';
import type { AppLocale } from '../src/i18n/locale.js';
import { localizedName } from '../src/i18n/command-names.js';

const MODERATOR = 'ManageMessages' as const;

function contestOption(sub: SlashCommandSubcommandBuilder, required = true) {
  return sub.addIntegerOption((o) =>
    o.setName('contest').setNameLocalizations(localizedName('contest')).setDescription(t.en.contestOption).setDescriptionLocalizations(t.discord('contestOption')).setRequired(required).setMinValue(1),
  );
}

/** `/contest create|submit|status|list|cancel|close`. Moderator actions are re-checked here (Manage Messages). */
export const contestCommand = defineSlashCommand({
  data: new SlashCommandBuilder()
    .setName('contest').setNameLocalizations(localizedName('contest'))
    .setDescription(t.en.commandDescription)
    .setDescriptionLocalizations(t.discord('commandDescription'))
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
    .addSubcommand((sub) =>
      contestOption(sub.setName('submit').setNameLocalizations(localizedName('submit')).setDescription(t.en.submitDescription).setDescriptionLocalizations(t.discord('submitDescription'))).addStringOption((o) =>
        o.setName('message').setNameLocalizations(localizedName('message')).setDescription(t.en.messageOption).setDescriptionLocalizations(t.discord('messageOption')).setRequired(true),
      ),
    )
    .addSubcommand((sub) => contestOption(sub.setName('status').setNameLocalizations(localizedName('status')).setDescription(t.en.statusDescription).setDescriptionLocalizations(t.discord('statusDescription'))))
    .addSubcommand((sub) => sub.setName('list').setNameLocalizations(localizedName('list')).setDescription(t.en.listDescription).setDescriptionLocalizations(t.discord('listDescription')))
    .addSubcommand((sub) => contestOption(sub.setName('cancel').setNameLocalizations(localizedName('cancel')).setDescription(t.en.cancelDescription).setDescriptionLocalizations(t.discord('cancelDescription'))))
    .addSubcommand((sub) => contestOption(sub.setName('close').setNameLocalizations(localizedName('close')).setDescription(t.en.closeDescription).setDescriptionLocalizations(t.discord('closeDescription')))),

  async execute(interaction, ctx, locale) {
    const text = t(locale);
    const { contests } = ctx.services;
    const guildId = interaction.guildId;
    const sub = interaction.options.getSubcommand();
    const contestId = interaction.options.getInteger('contest');

    switch (sub) {
      case 'create': {
        requireGuildPermission(interaction, MODERATOR, locale);
        const now = ctx.now();
        const deadline = (problemOf: string) =>
          z.string().transform((value, zctx) => {
            const parsed = parseDeadline(value, now);
            if ('at' in parsed) return parsed.at;
            const message = parsed.problem === 'format' ? text.badDeadline : parsed.problem === 'past' ? text.deadlinePast : text.deadlineTooFar;
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
      case 'submit': {
        const postId = parseOptions(z.object({ message: z.string().nullable().refine((v) => v !== null, text.badMessage) }), {
          message: messageIdFrom(interaction.options.getString('message', true)),
        }, locale).message as string;
        const id = contestId ?? 0;
        const visibility = await entryVisibility(ctx.services, guildId, id, interaction.user.id, postId);
        refusalsAsUserErrors(locale, () => contests.submit(guildId, id, interaction.user.id, postId, visibility));
        const contest = contests.get(guildId, id);
        await respondEphemeral(interaction, { content: text.submitted({ id, title: contest?.title ?? '' }) });
        return;
      }
      case 'status': {
        const contest = refusalsAsUserErrors(locale, () => contests.require(guildId, contestId ?? 0));
        await respondEphemeral(interaction, { embeds: [statusEmbed(contest, contests.entries(contest.id).length, contests.votesUsed(contest.id, interaction.user.id), locale)] });
        return;
      }
      case 'list': {
        const list = contests.list(guildId);
        const lines = list.map((c) =>
          text.listLine({
            id: c.id,
            title: c.title,
            phase: phaseLabel(c, locale),
            until: c.state === 'open' ? discordTime(c.submissionEndsAt, 'R') : c.state === 'voting' ? discordTime(c.votingEndsAt, 'R') : '',
          }),
        );
        await respondEphemeral(interaction, { content: lines.length === 0 ? text.noContests : lines.join('\n') });
        return;
      }
      case 'cancel':
      case 'close': {
        requireGuildPermission(interaction, MODERATOR, locale);
        const id = contestId ?? 0;
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

/** A vote button: `cvote:<contest>:<entry>`. Every rule is checked in ContestService.vote. */
export const contestVoteButtons = defineButtonHandler({
  prefix: VOTE_BUTTON_PREFIX,
  async handle(interaction, ctx, args, locale) {
    const parsed = parseButtonArgs(z.tuple([z.coerce.number().int().min(1), z.coerce.number().int().min(1)]), args);
    if (!parsed || !interaction.guildId) throw new UserError(commonText(locale).expiredComponent);
    const [contestId, entryId] = parsed;
    const guildId = interaction.guildId;
    const result = refusalsAsUserErrors(locale, () => ctx.services.contests.vote(guildId, contestId, entryId, interaction.user.id));
    await interaction.reply({ content: t(locale).voted({ entry: result.entryNumber, used: result.used, allowed: result.allowed }), flags: MessageFlags.Ephemeral });
  },
});

/**
 * Whether the post may be viewed by the member entering it and by every reader of the contest channel (its
 * announcements link it there), established now, before the entry is written. Unknown posts and contests are left
 * to ContestService.submit's own refusals; what cannot be established counts as not viewable.
 */
async function entryVisibility(services: Services, guildId: string, contestId: number, memberId: string, postId: string): Promise<EntryVisibility> {
  const location = services.contests.postLocation(guildId, postId);
  const contest = services.contests.get(guildId, contestId);
  if (!location || !contest) return { submitter: () => false, contestReaders: () => false };
  const viewable = async (access: MemberAccess | null) =>
    access !== null && (await withSettledAccess(access, () => access.canView(location.channelId, location.threadId)));
  const [submitter, contestReaders] = await Promise.all([
    services.access.forMember(guildId, memberId).then(viewable),
    services.access.forReadersOf(guildId, contest.channelId).then(viewable),
  ]);
  return { submitter: () => submitter, contestReaders: () => contestReaders };
}

/** The key reactions are stored under: a custom emoji's id (`<:name:id>`), else the unicode emoji itself. */
function emojiKey(input: string): string {
  const custom = /^<a?:\w+:(\d{17,20})>$/.exec(input.trim());
  return custom ? custom[1]! : input.trim();
}

function modeLabel(contest: Contest, locale: AppLocale): string {
  const text = t(locale);
  return contest.voteMode === 'buttons' ? text.voteModeButtons : `${text.voteModeReactions} ${emojiText(contest.voteEmoji)}`;
}

function phaseLabel(contest: Contest, locale: AppLocale): string {
  const text = t(locale);
  return { open: text.phaseOpen, voting: text.phaseVoting, closed: text.phaseClosed, cancelled: text.phaseCancelled }[contest.state];
}

function statusEmbed(contest: Contest, entries: number, votesUsed: number, locale: AppLocale): EmbedBuilder {
  const text = t(locale);
  return new EmbedBuilder()
    .setTitle(text.statusTitle({ id: contest.id, title: contest.title }))
    .setDescription(contest.theme)
    .addFields(
      { name: text.phase, value: phaseLabel(contest, locale), inline: true },
      { name: text.submissionsClose, value: discordTime(contest.submissionEndsAt), inline: true },
      { name: text.votingCloses, value: discordTime(contest.votingEndsAt), inline: true },
      { name: text.entries, value: String(entries), inline: true },
      { name: text.yourVotes, value: `${votesUsed} / ${contest.votesPerMember}`, inline: true },
      {
        name: text.rulesField,
        value: text.rulesValue({ entries: contest.entriesPerMember, votes: contest.votesPerMember, antiAlt: contest.joinedBeforeOnly, mode: modeLabel(contest, locale) }),
      },
    );
}

import { EmbedBuilder, InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { parseOptions } from '../src/discord/interactions/checks.js';
import { parseButtonArgs } from '../src/discord/interactions/custom-id.js';
import { respondEphemeral } from '../src/discord/interactions/respond.js';
import { defineButtonHandler, defineSlashCommand, type Services } from '../src/discord/interactions/types.js';
import { UserError } from '../src/discord/interactions/user-error.js';
import { messageIdFrom } from '../src/contests/options.js';
import type { EntryVisibility } from '../src/contests/service.js';
import { withSettledAccess, type MemberAccess } from '../src/recommend/channel-access.js';
import { refusalsAsUserErrors } from './render/contest-refusals.js';
import { discordTime, VOTE_BUTTON_PREFIX } from './render/contests.js';
import { contestOption, modeLabel, phaseLabel } from './shared/contest-options.js';
import { requireContestsOn } from './shared/feature-switches.js';
import type { Contest } from '../src/db/schema.js';
import { commonText } from '../src/i18n/common.js';
import { contestText as t } from '../src/i18n/contests.js';
import type { AppLocale } from '../src/i18n/locale.js';
import { localized } from './shared/localized.js';

/** `/contest submit|status|list`: every member's side of contests (moderators run them with `/contest-admin`). */
export const contestCommand = defineSlashCommand({
  data: localized(new SlashCommandBuilder(), 'contest', t, 'commandDescription')
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      contestOption(localized(sub, 'submit', t, 'submitDescription')).addStringOption((o) =>
        localized(o, 'message', t, 'messageOption').setRequired(true),
      ),
    )
    .addSubcommand((sub) => contestOption(localized(sub, 'status', t, 'statusDescription')))
    .addSubcommand((sub) => localized(sub, 'list', t, 'listDescription'))
    ,

  async execute(interaction, ctx, locale) {
    requireContestsOn(ctx, interaction.guildId, locale);
    const text = t(locale);
    const { contests } = ctx.services;
    const guildId = interaction.guildId;
    const sub = interaction.options.getSubcommand();
    const contestId = interaction.options.getInteger('contest');

    switch (sub) {
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
    requireContestsOn(ctx, guildId, locale);
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

/** Contest announcements: voting open (with vote buttons), results, cancellation. */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';
import { customId } from '../../src/discord/interactions/custom-id.js';
import type { AnnouncementPayload } from '../../src/economy/announcements.js';
import { contestText } from '../../src/i18n/contests.js';
import type { AppLocale } from '../../src/i18n/locale.js';
import type { ContestService } from '../../src/contests/service.js';
import type { AnnouncementRendering } from './economy.js';

export const VOTE_BUTTON_PREFIX = 'cvote';
const MAX_BUTTONS = 25;

export function discordTime(at: number, style: 'R' | 'f' = 'f'): string {
  return `<t:${Math.floor(at / 1000)}:${style}>`;
}

export function renderContestAnnouncement(
  contests: ContestService,
  /** A jump link to an entry, null when not every reader of the announcement may view it. */
  postLink: (postId: string) => string | null,
  guildId: string,
  payload: AnnouncementPayload,
  locale: AppLocale,
): AnnouncementRendering {
  const text = contestText(locale);
  if (payload.kind !== 'contest_voting' && payload.kind !== 'contest_results' && payload.kind !== 'contest_cancelled') return null;
  const contest = contests.get(guildId, payload.contestId);
  if (!contest) return null;
  if (payload.kind === 'contest_cancelled') {
    return { message: { content: text.cancelledAnnouncement({ id: contest.id, title: contest.title }) } };
  }
  if (payload.kind === 'contest_voting') {
    const entries = contests.entries(contest.id);
    const how = contest.voteMode === 'buttons' ? text.howButtons : text.howReactions({ emoji: emojiText(contest.voteEmoji) });
    const lines = [
      text.votingAnnouncement({ id: contest.id, title: contest.title, until: discordTime(contest.votingEndsAt), how }),
      ...(entries.length === 0 ? [text.noEntries] : []),
      ...entries.slice(0, MAX_BUTTONS).map((e, i) => text.entryLine({ n: i + 1, member: e.memberId, link: postLink(e.postId) ?? text.linkNotShown })),
      ...(entries.length > MAX_BUTTONS ? [text.moreEntries({ n: entries.length - MAX_BUTTONS })] : []),
    ];
    const rows: ActionRowBuilder<ButtonBuilder>[] = [];
    if (contest.voteMode === 'buttons') {
      entries.slice(0, MAX_BUTTONS).forEach((entry, i) => {
        if (i % 5 === 0) rows.push(new ActionRowBuilder<ButtonBuilder>());
        rows.at(-1)!.addComponents(
          new ButtonBuilder()
            .setCustomId(customId(VOTE_BUTTON_PREFIX, contest.id, entry.id))
            .setLabel(text.entryButton({ n: i + 1 }))
            .setStyle(ButtonStyle.Primary),
        );
      });
    }
    return { message: { content: lines.join('\n'), ...(rows.length > 0 ? { components: rows } : {}) } };
  }
  const results = contests.results(contest.id);
  const ranked = results.filter((r) => r.excluded === null);
  const excluded = results.length - ranked.length;
  const lines = [
    text.resultsAnnouncement({ id: contest.id, title: contest.title }),
    ...(ranked.length === 0 ? [text.noEntries] : []),
    ...ranked.slice(0, 10).map((r) => text.resultLine({ place: r.place, member: r.memberId, votes: r.votes, link: postLink(r.postId) ?? text.linkNotShown })),
    ...(excluded > 0 ? [text.excludedLine({ n: excluded })] : []),
    text.tieRule,
  ];
  return { message: { content: lines.join('\n') } };
}

/** A custom emoji is stored by id; shown as its mention form would need its name, so ids are shown as is. */
export function emojiText(emoji: string): string {
  return /^\d+$/.test(emoji) ? `<:e:${emoji}>` : emoji;
}

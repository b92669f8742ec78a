/** What the member and moderator contest commands share: the contest-id option and how a contest's mode and phase read. */
import type { SlashCommandSubcommandBuilder } from 'discord.js';
import type { Contest } from '../../src/db/schema.js';
import { contestText as t } from '../../src/i18n/contests.js';
import type { AppLocale } from '../../src/i18n/locale.js';
import { emojiText } from '../render/contests.js';
import { localized } from './localized.js';

export function contestOption(sub: SlashCommandSubcommandBuilder, required = true): SlashCommandSubcommandBuilder {
  return sub.addIntegerOption((o) =>
    localized(o, 'contest', t, 'contestOption').setRequired(required).setMinValue(1),
  );
}

export function modeLabel(contest: Contest, locale: AppLocale): string {
  const text = t(locale);
  return contest.voteMode === 'buttons' ? text.voteModeButtons : `${text.voteModeReactions} ${emojiText(contest.voteEmoji)}`;
}

export function phaseLabel(contest: Contest, locale: AppLocale): string {
  const text = t(locale);
  return { open: text.phaseOpen, voting: text.phaseVoting, closed: text.phaseClosed, cancelled: text.phaseCancelled }[contest.state];
}

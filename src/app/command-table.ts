/**
 * Every command and button handler attune has. The router dispatches to these and `attune register-commands`
 * sends their definitions to Discord; adding a command means adding it here (and /help lists it).
 */
import { digestCommand } from '../../commands/digest.js';
import { flagLowQualityCommand } from '../../commands/flag-low-quality.js';
import { flagsCommand } from '../../commands/flags.js';
import { helpCommand } from '../../commands/help.js';
import { privacyCommand } from '../../commands/privacy.js';
import { recommendCommand } from '../../commands/recommend.js';
import { reportCommand } from '../../commands/report.js';
import { settingsCommand, settingsToggleButtons } from '../../commands/settings.js';
import { picksButton } from '../../commands/buttons/digest-picks.js';
import { flagReasonButtons, reviewButtons } from '../../commands/buttons/moderation.js';
import { privacyDeleteButtons } from '../../commands/buttons/privacy-delete.js';
import { feedbackButton } from '../../commands/buttons/recommendation-feedback.js';
import { contestCommand, contestVoteButtons } from '../../commands/contest.js';
import { contestAdminCommand } from '../../commands/contest-admin.js';
import { economyCommand } from '../../commands/economy.js';
import { economyAdminCommand } from '../../commands/economy-admin.js';
import { leaderboardButtons, leaderboardCommand } from '../../commands/leaderboard.js';
import { pointsCommand } from '../../commands/points.js';
import { pointsAdminCommand } from '../../commands/points-admin.js';
import { statsCommand } from '../../commands/stats.js';
import type { ButtonHandler, Command } from '../discord/interactions/types.js';

/** Members' commands first, then moderators' and admins' (the order /help lists them in). */
export const allCommands: readonly Command[] = [
  helpCommand(() => allCommands),
  recommendCommand,
  digestCommand,
  pointsCommand,
  leaderboardCommand,
  economyCommand,
  contestCommand,
  privacyCommand,
  reportCommand,
  flagsCommand,
  flagLowQualityCommand,
  statsCommand,
  contestAdminCommand,
  pointsAdminCommand,
  economyAdminCommand,
  settingsCommand,
];

export const allButtonHandlers: readonly ButtonHandler[] = [
  feedbackButton,
  picksButton,
  leaderboardButtons,
  contestVoteButtons,
  flagReasonButtons,
  reviewButtons,
  privacyDeleteButtons,
  settingsToggleButtons,
];

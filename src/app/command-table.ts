/**
 * Every command and button handler attune has. The router dispatches to these and `attune register-commands`
 * sends their definitions to Discord; adding a command means adding it here.
 */
import { digestCommand } from '../../commands/digest.js';
import { flagLowQualityCommand } from '../../commands/flag-low-quality.js';
import { flagsCommand } from '../../commands/flags.js';
import { privacyCommand } from '../../commands/privacy.js';
import { recommendCommand } from '../../commands/recommend.js';
import { reportCommand } from '../../commands/report.js';
import { settingsCommand } from '../../commands/settings.js';
import { picksButton } from '../../commands/buttons/digest-picks.js';
import { flagReasonButtons, reviewButtons } from '../../commands/buttons/moderation.js';
import { privacyDeleteButtons } from '../../commands/buttons/privacy-delete.js';
import { feedbackButton } from '../../commands/buttons/recommendation-feedback.js';
import { contestCommand, contestVoteButtons } from '../../commands/contest.js';
import { economyCommand } from '../../commands/economy.js';
import { leaderboardButtons, leaderboardCommand } from '../../commands/leaderboard.js';
import { pointsCommand } from '../../commands/points.js';
import { statsCommand } from '../../commands/stats.js';
import type { ButtonHandler, Command } from '../discord/interactions/types.js';

export const allCommands: readonly Command[] = [
  settingsCommand,
  recommendCommand,
  digestCommand,
  pointsCommand,
  leaderboardCommand,
  economyCommand,
  contestCommand,
  flagLowQualityCommand,
  reportCommand,
  flagsCommand,
  privacyCommand,
  statsCommand,
];

export const allButtonHandlers: readonly ButtonHandler[] = [
  feedbackButton,
  picksButton,
  leaderboardButtons,
  contestVoteButtons,
  flagReasonButtons,
  reviewButtons,
  privacyDeleteButtons,
];

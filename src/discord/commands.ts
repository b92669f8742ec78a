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
import { picksButton } from '../digest/picks-button.js';
import { flagReasonButtons, reviewButtons } from '../moderation/buttons.js';
import { privacyDeleteButtons } from '../privacy/buttons.js';
import { feedbackButton } from '../recommend/feedback-button.js';
import { contestCommand, contestVoteButtons } from '../../commands/contest.js';
import { economyCommand } from '../../commands/economy.js';
import { leaderboardButtons, leaderboardCommand } from '../../commands/leaderboard.js';
import { pointsCommand } from '../../commands/points.js';
import { statsCommand } from '../../commands/stats.js';
import type { ButtonHandler, Command } from './interactions/types.js';

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

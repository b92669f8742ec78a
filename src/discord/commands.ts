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
import type { ButtonHandler, Command } from './interactions/types.js';

export const allCommands: readonly Command[] = [
  settingsCommand,
  recommendCommand,
  digestCommand,
  flagLowQualityCommand,
  reportCommand,
  flagsCommand,
  privacyCommand,
];

export const allButtonHandlers: readonly ButtonHandler[] = [
  feedbackButton,
  picksButton,
  flagReasonButtons,
  reviewButtons,
  privacyDeleteButtons,
];

/**
 * Every command and button handler attune has. The router dispatches to these and `attune register-commands`
 * sends their definitions to Discord; adding a command means adding it here.
 */
import { settingsCommand } from '../../commands/settings.js';
import { flagLowQualityCommand } from '../../commands/flag-low-quality.js';
import { reportCommand } from '../../commands/report.js';
import { flagsCommand } from '../../commands/flags.js';
import { privacyCommand } from '../../commands/privacy.js';
import { flagReasonButtons, reviewButtons } from '../moderation/buttons.js';
import { privacyDeleteButtons } from '../privacy/buttons.js';
import type { ButtonHandler, Command } from './interactions/types.js';

export const allCommands: readonly Command[] = [settingsCommand, flagLowQualityCommand, reportCommand, flagsCommand, privacyCommand];

export const allButtonHandlers: readonly ButtonHandler[] = [flagReasonButtons, reviewButtons, privacyDeleteButtons];

/**
 * Every command and button handler attune has. The router dispatches to these and `attune register-commands`
 * sends their definitions to Discord; adding a command means adding it here.
 */
import { settingsCommand } from '../../commands/settings.js';
import type { ButtonHandler, Command } from './interactions/types.js';

export const allCommands: readonly Command[] = [settingsCommand];

export const allButtonHandlers: readonly ButtonHandler[] = [];

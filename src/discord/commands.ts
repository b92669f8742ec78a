/**
 * Every command and button handler attune has. The router dispatches to these and `attune register-commands`
 * sends their definitions to Discord; adding a command means adding it here.
 */
import { settingsCommand } from '../../commands/settings.js';
import { contestCommand, contestVoteButtons } from '../../commands/contest.js';
import { economyCommand } from '../../commands/economy.js';
import { leaderboardButtons, leaderboardCommand } from '../../commands/leaderboard.js';
import { pointsCommand } from '../../commands/points.js';
import type { ButtonHandler, Command } from './interactions/types.js';

export const allCommands: readonly Command[] = [settingsCommand, pointsCommand, leaderboardCommand, economyCommand, contestCommand];

export const allButtonHandlers: readonly ButtonHandler[] = [leaderboardButtons, contestVoteButtons];

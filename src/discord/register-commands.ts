import { REST, Routes, type APIApplication, type RESTPutAPIApplicationCommandsJSONBody } from 'discord.js';
import type { Command } from './interactions/types.js';

export function commandDefinitions(commands: readonly Command[]): RESTPutAPIApplicationCommandsJSONBody {
  return commands.map((command) => command.data.toJSON());
}

export interface RegisterOptions {
  token: string;
  apiUrl?: string | undefined;
  /** Register in one guild (instant; for testing a change) instead of globally (what servers normally get). */
  guildId?: string | undefined;
}

/**
 * Replaces the application's commands with `commands` in one bulk overwrite. Run when definitions change, not on
 * every start: Discord limits command creations per day, and an overwrite with unchanged definitions is a no-op.
 */
export async function registerCommands(commands: readonly Command[], options: RegisterOptions): Promise<{ applicationId: string; count: number }> {
  const rest = new REST({ version: '10', ...(options.apiUrl ? { api: options.apiUrl } : {}) }).setToken(options.token);
  const application = (await rest.get(Routes.currentApplication())) as APIApplication;
  const route = options.guildId
    ? Routes.applicationGuildCommands(application.id, options.guildId)
    : Routes.applicationCommands(application.id);
  const body = commandDefinitions(commands);
  await rest.put(route, { body });
  return { applicationId: application.id, count: body.length };
}

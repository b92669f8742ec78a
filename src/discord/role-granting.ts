/**
 * Role rewards on Discord: adds a role to a member through the discord.js client, after checking attune's own Manage
 * Roles (a request it knows will be refused is never made: refusals count against Discord's invalid-request limit).
 */
import { PermissionFlagsBits, type Client } from 'discord.js';
import type { GrantRole } from '../economy/role-rewards.js';
import { classifyDiscordError } from './delivery/discord-errors.js';

export function discordRoleGranting(client: Client): GrantRole {
  return async (guildId, userId, roleId) => {
    try {
      const guild = client.guilds.cache.get(guildId) ?? (await client.guilds.fetch(guildId));
      if (!guild.members.me?.permissions.has(PermissionFlagsBits.ManageRoles)) return 'forbidden';
      await guild.members.addRole({ user: userId, role: roleId });
      return 'granted';
    } catch (error) {
      const failure = classifyDiscordError(error);
      if (failure === 'forbidden' || failure === 'gone') return failure;
      throw error;
    }
  };
}

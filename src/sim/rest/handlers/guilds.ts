import { PermissionFlagsBits, type APIThreadMember, type RESTGetAPIGuildThreadsResult } from 'discord-api-types/v10';
import { DiscordApiError, DiscordErrors } from '../../api-errors.js';
import type { SimContext } from '../../context.js';
import { guildPermissions, has } from '../../state/permissions.js';
import type { GuildRecord } from '../../state/records.js';
import { updateMember } from '../../ops/guilds.js';
import { botCanView } from '../../context.js';
import { apiGuildChannel, apiThread, apiThreadMember } from '../../payloads/channels.js';
import { apiGuild, apiMember, apiRole } from '../../payloads/guilds.js';
import { accessibleGuild, intQuery, snowflakeParam, snowflakeQuery } from '../access.js';
import type { RouteDefinition } from '../types.js';
import { compareSnowflakes } from '../../../lib/snowflake.js';

/**
 * Adding or removing a member's role: the bot needs MANAGE_ROLES and may only manage roles below its own highest
 * role (50013 otherwise, as Discord answers). The member update is dispatched as GUILD_MEMBER_UPDATE.
 */
function changeMemberRole(sim: SimContext, params: Record<string, string>, add: boolean): { status: 204 } {
  const guild = accessibleGuild(sim, snowflakeParam(params, 'guild_id'));
  const userId = snowflakeParam(params, 'user_id');
  const roleId = snowflakeParam(params, 'role_id');
  if (!has(guildPermissions(guild, sim.world.botUserId), PermissionFlagsBits.ManageRoles)) throw DiscordErrors.missingPermissions();
  const role = guild.roles.get(roleId);
  if (!role) throw new DiscordApiError(404, 10011, 'Unknown Role');
  if (guild.ownerId !== sim.world.botUserId && role.position >= highestRolePosition(guild, sim.world.botUserId)) {
    throw DiscordErrors.missingPermissions();
  }
  const member = guild.members.get(userId);
  if (!member) throw DiscordErrors.unknownMember();
  const roles = add ? [...new Set([...member.roleIds, roleId])] : member.roleIds.filter((id) => id !== roleId);
  updateMember(sim, guild.id, userId, { roles });
  return { status: 204 };
}

function highestRolePosition(guild: GuildRecord, userId: string): number {
  const member = guild.members.get(userId);
  return Math.max(0, ...(member?.roleIds ?? []).map((id) => guild.roles.get(id)?.position ?? 0));
}

export const guildRoutes: readonly RouteDefinition[] = [
  {
    method: 'PUT',
    template: '/guilds/{guild_id}/members/{user_id}/roles/{role_id}',
    auth: 'bot',
    handler: ({ sim, params }) => changeMemberRole(sim, params, true),
  },
  {
    method: 'DELETE',
    template: '/guilds/{guild_id}/members/{user_id}/roles/{role_id}',
    auth: 'bot',
    handler: ({ sim, params }) => changeMemberRole(sim, params, false),
  },
  {
    method: 'GET',
    template: '/guilds/{guild_id}',
    auth: 'bot',
    handler: ({ sim, params, query }) => {
      const guild = accessibleGuild(sim, snowflakeParam(params, 'guild_id'));
      const withCounts = query.get('with_counts') === 'true';
      return {
        status: 200,
        body: {
          ...apiGuild(guild),
          ...(withCounts ? { approximate_member_count: guild.members.size, approximate_presence_count: 0 } : {}),
        },
      };
    },
  },
  {
    method: 'GET',
    template: '/guilds/{guild_id}/channels',
    auth: 'bot',
    handler: ({ sim, params }) => {
      const guild = accessibleGuild(sim, snowflakeParam(params, 'guild_id'));
      return { status: 200, body: sim.world.guildChannels(guild.id).map((channel) => apiGuildChannel(channel, { withGuildId: true })) };
    },
  },
  {
    method: 'GET',
    template: '/guilds/{guild_id}/roles',
    auth: 'bot',
    handler: ({ sim, params }) => {
      const guild = accessibleGuild(sim, snowflakeParam(params, 'guild_id'));
      return { status: 200, body: [...guild.roles.values()].map(apiRole) };
    },
  },
  {
    method: 'GET',
    template: '/guilds/{guild_id}/members',
    auth: 'bot',
    handler: ({ sim, params, query }) => {
      const guild = accessibleGuild(sim, snowflakeParam(params, 'guild_id'));
      // Listing members needs the Server Members intent enabled for the application.
      if (!sim.grants.guildMembers) throw DiscordErrors.missingAccess();
      const limit = intQuery(query, 'limit', 1, 1, 1000);
      const after = snowflakeQuery(query, 'after') ?? '0';
      const members = [...guild.members.values()]
        .filter((member) => compareSnowflakes(member.userId, after) > 0)
        .sort((a, b) => compareSnowflakes(a.userId, b.userId))
        .slice(0, limit);
      return { status: 200, body: members.map((member) => apiMember(sim.world, member)) };
    },
  },
  {
    method: 'GET',
    template: '/guilds/{guild_id}/members/search',
    auth: 'bot',
    handler: ({ sim, params, query }) => {
      const guild = accessibleGuild(sim, snowflakeParam(params, 'guild_id'));
      const limit = intQuery(query, 'limit', 1, 1, 1000);
      const prefix = (query.get('query') ?? '').toLowerCase();
      const members = [...guild.members.values()]
        .filter((member) => {
          const user = sim.world.requireUser(member.userId);
          return user.username.toLowerCase().startsWith(prefix) || (member.nick ?? '').toLowerCase().startsWith(prefix);
        })
        .slice(0, limit);
      return { status: 200, body: members.map((member) => apiMember(sim.world, member)) };
    },
  },
  {
    method: 'GET',
    template: '/guilds/{guild_id}/members/{user_id}',
    auth: 'bot',
    handler: ({ sim, params }) => {
      const guild = accessibleGuild(sim, snowflakeParam(params, 'guild_id'));
      const member = guild.members.get(snowflakeParam(params, 'user_id'));
      if (!member) throw DiscordErrors.unknownMember();
      return { status: 200, body: apiMember(sim.world, member) };
    },
  },
  {
    method: 'GET',
    template: '/guilds/{guild_id}/threads/active',
    auth: 'bot',
    handler: ({ sim, params }) => {
      const guild = accessibleGuild(sim, snowflakeParam(params, 'guild_id'));
      const threads = sim.world.threadsOf(guild.id).filter((thread) => !thread.archived && botCanView(sim, thread));
      const members = threads.flatMap((thread): APIThreadMember[] => {
        const member = apiThreadMember(thread, sim.world.botUserId);
        return member ? [member] : [];
      });
      const body: RESTGetAPIGuildThreadsResult = { threads: threads.map((thread) => apiThread(sim.world, thread)), members };
      return { status: 200, body };
    },
  },
];

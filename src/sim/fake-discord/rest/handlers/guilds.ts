import type { APIThreadMember, RESTGetAPIGuildThreadsResult } from 'discord-api-types/v10';
import { DiscordErrors } from '../../api-errors.js';
import { botCanView } from '../../context.js';
import { compareSnowflakes } from '../../model/snowflake.js';
import { apiGuildChannel, apiThread, apiThreadMember } from '../../payloads/channels.js';
import { apiGuild, apiMember, apiRole } from '../../payloads/guilds.js';
import { accessibleGuild, intQuery, snowflakeParam, snowflakeQuery } from '../access.js';
import type { RouteDefinition } from '../types.js';

export const guildRoutes: readonly RouteDefinition[] = [
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

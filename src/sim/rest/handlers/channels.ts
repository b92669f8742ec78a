import {
  ChannelType,
  PermissionFlagsBits,
  type APIThreadMember,
  type RESTGetAPIChannelThreadsArchivedPublicResult,
} from 'discord-api-types/v10';
import { DiscordErrors, invalidField } from '../../api-errors.js';
import { botCanView, type SimContext } from '../../context.js';
import { joinThread } from '../../ops/channels.js';
import { apiChannel, apiThread, apiThreadMember } from '../../payloads/channels.js';
import { accessibleChannel, intQuery, requirePermission, snowflakeParam, snowflakeQuery } from '../access.js';
import type { ThreadRecord } from '../../state/records.js';
import type { RouteDefinition } from '../types.js';

export const channelRoutes: readonly RouteDefinition[] = [
  {
    method: 'GET',
    template: '/channels/{channel_id}',
    auth: 'bot',
    handler: ({ sim, params }) => {
      const { channel } = accessibleChannel(sim, snowflakeParam(params, 'channel_id'));
      return { status: 200, body: apiChannel(sim.world, channel) };
    },
  },
  {
    method: 'GET',
    template: '/channels/{channel_id}/threads/archived/public',
    auth: 'bot',
    handler: ({ sim, params, query }) => {
      const { channel, permissions } = accessibleChannel(sim, snowflakeParam(params, 'channel_id'));
      requirePermission(permissions, PermissionFlagsBits.ReadMessageHistory);
      const limit = intQuery(query, 'limit', 50, 2, 100);
      const beforeRaw = query.get('before');
      const before = beforeRaw === null || beforeRaw === '' ? Number.POSITIVE_INFINITY : Date.parse(beforeRaw);
      if (Number.isNaN(before)) throw invalidField(['before'], 'DATE_TYPE_PARSE', `Could not parse ${beforeRaw}. Should be ISO8601.`);
      if (channel.kind !== 'guild') throw DiscordErrors.unknownChannel();
      const archived = sim.world
        .threadsOf(channel.guildId)
        .filter(
          (thread) =>
            thread.parentId === channel.id &&
            thread.archived &&
            thread.type !== ChannelType.PrivateThread &&
            thread.archivedAt < before &&
            botCanView(sim, thread),
        )
        .sort((a, b) => b.archivedAt - a.archivedAt);
      const page = archived.slice(0, limit);
      const members = page.flatMap((thread): APIThreadMember[] => {
        const member = apiThreadMember(thread, sim.world.botUserId);
        return member ? [member] : [];
      });
      const body: RESTGetAPIChannelThreadsArchivedPublicResult = {
        threads: page.map((thread) => apiThread(sim.world, thread)),
        members,
        has_more: archived.length > page.length,
      };
      return { status: 200, body };
    },
  },
  {
    // Other users' thread membership needs the GUILD_MEMBERS intent granted to the application (Discord's rule).
    method: 'GET',
    template: '/channels/{channel_id}/thread-members',
    auth: 'bot',
    handler: ({ sim, params, query }) => {
      const thread = accessibleThread(sim, snowflakeParam(params, 'channel_id'));
      if (!sim.grants.guildMembers) throw DiscordErrors.missingAccess();
      // In API v10 the list comes in pages (after, limit) only with with_member=true; otherwise whole.
      const paged = query.get('with_member') === 'true';
      const limit = paged ? intQuery(query, 'limit', 100, 1, 100) : Number.POSITIVE_INFINITY;
      const after = paged ? snowflakeQuery(query, 'after') : null;
      const members = [...thread.memberJoinedAt.keys()]
        .filter((userId) => after === null || BigInt(userId) > BigInt(after))
        .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))
        .slice(0, limit)
        .flatMap((userId): APIThreadMember[] => {
          const member = apiThreadMember(thread, userId);
          return member ? [member] : [];
        });
      return { status: 200, body: members };
    },
  },
  {
    method: 'GET',
    template: '/channels/{channel_id}/thread-members/{user_id}',
    auth: 'bot',
    handler: ({ sim, params }) => {
      const thread = accessibleThread(sim, snowflakeParam(params, 'channel_id'));
      const member = apiThreadMember(thread, snowflakeParam(params, 'user_id'));
      if (!member) throw DiscordErrors.unknownMember();
      return { status: 200, body: member };
    },
  },
  {
    method: 'PUT',
    template: '/channels/{channel_id}/thread-members/@me',
    auth: 'bot',
    handler: ({ sim, params }) => {
      const { channel } = accessibleChannel(sim, snowflakeParam(params, 'channel_id'));
      if (channel.kind !== 'thread') throw DiscordErrors.unknownChannel();
      if (channel.archived) throw DiscordErrors.threadArchived();
      joinThread(sim, channel.id, sim.world.botUserId);
      return { status: 204 };
    },
  },
];

/** A thread the bot can see (a private one only as its member or with Manage Threads). */
function accessibleThread(sim: SimContext, channelId: string): ThreadRecord {
  const { channel } = accessibleChannel(sim, channelId);
  if (channel.kind !== 'thread') throw DiscordErrors.unknownChannel();
  return channel;
}

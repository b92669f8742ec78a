/**
 * Channel access computed by discord.js from the live guild state: View Channel and Read Message History on the
 * post's channel (permission overwrites, roles, admin), and for a private thread, membership (Discord's thread
 * member cache, attune's record of them posting there, the thread's owner) or Manage Threads.
 */
import { ChannelType, PermissionFlagsBits, type Client, type Guild, type GuildMember, type Role } from 'discord.js';
import type { ChannelAccess, MemberAccess, ThreadKnowledge } from '../recommend/channel-access.js';

const READ = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory;

export function discordChannelAccess(client: Client): ChannelAccess {
  return {
    async forMember(guildId, memberId, threads) {
      const guild = client.guilds.cache.get(guildId);
      if (!guild) return null;
      let member: GuildMember | null = guild.members.cache.get(memberId) ?? null;
      if (!member) member = await guild.members.fetch(memberId).catch(() => null);
      if (!member) return null;
      return accessFor(guild, member, threads);
    },
    forEveryone(guildId, threads) {
      const guild = client.guilds.cache.get(guildId);
      return guild ? accessFor(guild, guild.roles.everyone, threads) : null;
    },
  };
}

/** `who` is a member, or the @everyone role for what every member can see. */
function accessFor(guild: Guild, who: GuildMember | Role, threads: ThreadKnowledge): MemberAccess {
  const memberId = 'user' in who ? who.id : null;
  return {
    canView(channelId, threadId) {
      const channel = guild.channels.cache.get(channelId);
      if (!channel || channel.isThread()) return false;
      const permissions = channel.permissionsFor(who);
      if (!permissions.has(READ, true)) return false;
      if (threadId === null) return true;
      const thread = guild.channels.cache.get(threadId);
      const isPrivate = thread ? thread.type === ChannelType.PrivateThread : threads.isPrivate(threadId);
      if (!isPrivate) return true;
      if (memberId === null) return false;
      if (permissions.has(PermissionFlagsBits.ManageThreads, true)) return true;
      if (thread?.isThread() && (thread.ownerId === memberId || thread.members.cache.has(memberId))) return true;
      return threads.hasMember(threadId);
    },
    isNsfw(channelId) {
      const channel = guild.channels.cache.get(channelId);
      return channel !== undefined && 'nsfw' in channel && channel.nsfw === true;
    },
  };
}

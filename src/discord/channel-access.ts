/**
 * Channel access computed by discord.js from the live guild state.
 *
 * A member may view a post when they have View Channel and Read Message History on its channel (role and member
 * overwrites, Administrator, ownership: discord.js's `permissionsFor`), Connect as well for the text chat of a voice
 * or stage channel (Discord's API requires it to read those messages), and for a private thread, Manage Threads or
 * membership as Discord has it now (ThreadRosters; never "posted there once").
 *
 * Every reader of a channel (the audience of a message posted there) may view a post when each member who can view
 * that channel can. Computed without a permission check per member and post: members without a member overwrite
 * anywhere in the guild see exactly what others with the same set of roles see, so one member stands for each set
 * of roles; members with a member overwrite somewhere are checked one by one; the owner sees everything. Readers
 * are those with View Channel on the audience channel (its parent for a thread): a superset of who will read the
 * message, which can only make the answer stricter. It fails closed: a member list that is not complete (the
 * Server Members intent, a fetch that failed) makes every post invisible, and private threads never qualify.
 */
import {
  ChannelType,
  OverwriteType,
  PermissionFlagsBits,
  type Client,
  type Guild,
  type GuildBasedChannel,
  type GuildMember,
  type NonThreadGuildBasedChannel,
  type PermissionsBitField,
} from 'discord.js';
import type { ChannelAccess, MemberAccess, ThreadPrivacy } from '../recommend/channel-access.js';
import type { ThreadRosters } from './thread-rosters.js';

const READ = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory;

export interface DiscordChannelAccessOptions {
  /** What attune recorded of threads Discord's cache does not hold (archived ones). */
  threadPrivacy: ThreadPrivacy;
  rosters: ThreadRosters;
}

export function discordChannelAccess(client: Client, options: DiscordChannelAccessOptions): ChannelAccess {
  return {
    async forMember(guildId, memberId) {
      const guild = client.guilds.cache.get(guildId);
      if (!guild) return null;
      const member = guild.members.cache.get(memberId) ?? (await guild.members.fetch(memberId).catch(() => null));
      return member ? memberAccess(guild, member, options) : null;
    },
    async forReadersOf(guildId, channelId) {
      const guild = client.guilds.cache.get(guildId);
      const audience = guild?.channels.cache.get(channelId);
      if (!guild || !audience) return null;
      const base = audience.isThread() ? audience.parent : audience;
      if (!base) return null;
      const members = await completeMemberList(guild);
      const readers = members ? readersOf(guild, base, members, client.user?.id ?? null) : null;
      return readersAccess(guild, readers, options.threadPrivacy);
    },
  };
}

function memberAccess(guild: Guild, member: GuildMember, { threadPrivacy, rosters }: DiscordChannelAccessOptions): MemberAccess {
  const pending = new Set<string>();
  return {
    canView(channelId, threadId) {
      const channel = topLevel(guild, channelId);
      if (!channel) return false;
      const permissions = channel.permissionsFor(member);
      if (!readable(channel, permissions)) return false;
      if (threadId === null) return true;
      const isPrivate = privacyOf(guild, channelId, threadId, threadPrivacy);
      if (isPrivate === null) return false;
      if (!isPrivate || permissions.has(PermissionFlagsBits.ManageThreads, true)) return true;
      const known = rosters.isMember(threadId, member.id);
      if (known === null) pending.add(threadId);
      return known === true;
    },
    isNsfw: (channelId) => isNsfw(guild, channelId),
    pendingThreads: () => [...pending],
    async resolvePending() {
      const threads = [...pending];
      pending.clear();
      await rosters.load(guild.id, threads);
    },
  };
}

/** `readers` null: not known who reads the channel, so nothing may be shown there. */
function readersAccess(guild: Guild, readers: readonly GuildMember[] | null, threadPrivacy: ThreadPrivacy): MemberAccess {
  const verdicts = new Map<string, boolean>();
  return {
    canView(channelId, threadId) {
      if (readers === null) return false;
      // A private thread's audience is its members: fail closed rather than compare every reader with them.
      if (threadId !== null && privacyOf(guild, channelId, threadId, threadPrivacy) !== false) return false;
      let verdict = verdicts.get(channelId);
      if (verdict === undefined) {
        const channel = topLevel(guild, channelId);
        verdict = channel !== null && readers.every((reader) => readable(channel, channel.permissionsFor(reader)));
        verdicts.set(channelId, verdict);
      }
      return verdict;
    },
    isNsfw: (channelId) => isNsfw(guild, channelId),
    pendingThreads: () => [],
    resolvePending: async () => {},
  };
}

/** The guild's members, complete (fetched once more when the cache holds fewer than Discord counts); null if not. */
async function completeMemberList(guild: Guild): Promise<Iterable<GuildMember> | null> {
  if (guild.members.cache.size >= guild.memberCount) return guild.members.cache.values();
  const fetched = await guild.members.fetch().catch(() => null);
  return fetched !== null && guild.members.cache.size >= guild.memberCount ? guild.members.cache.values() : null;
}

/**
 * The members who can view `channel`, one per set of roles (see the module comment) plus every member with a member
 * overwrite somewhere; the owner (who sees everything) and attune itself are left out.
 */
function readersOf(guild: Guild, channel: NonThreadGuildBasedChannel, members: Iterable<GuildMember>, selfId: string | null): GuildMember[] {
  const ownOverwrite = new Set<string>();
  for (const other of guild.channels.cache.values()) {
    if (other.isThread()) continue;
    for (const overwrite of other.permissionOverwrites.cache.values()) if (overwrite.type === OverwriteType.Member) ownOverwrite.add(overwrite.id);
  }
  const readers: GuildMember[] = [];
  const roleSets = new Set<string>();
  for (const member of members) {
    if (member.id === guild.ownerId || member.id === selfId) continue;
    if (!ownOverwrite.has(member.id)) {
      const roleSet = [...member.roles.cache.keys()].sort().join(',');
      if (roleSets.has(roleSet)) continue;
      roleSets.add(roleSet);
    }
    if (channel.permissionsFor(member).has(PermissionFlagsBits.ViewChannel, true)) readers.push(member);
  }
  return readers;
}

function topLevel(guild: Guild, channelId: string): NonThreadGuildBasedChannel | null {
  const channel: GuildBasedChannel | undefined = guild.channels.cache.get(channelId);
  return channel && !channel.isThread() ? channel : null;
}

/** View and history; Connect too for a voice or stage channel's chat. */
function readable(channel: NonThreadGuildBasedChannel, permissions: Readonly<PermissionsBitField>): boolean {
  if (!permissions.has(READ, true)) return false;
  return !channel.isVoiceBased() || permissions.has(PermissionFlagsBits.Connect, true);
}

/** Whether the thread is private (true / false); null when it is unknown or not a thread of `channelId`. */
function privacyOf(guild: Guild, channelId: string, threadId: string, threadPrivacy: ThreadPrivacy): boolean | null {
  const thread = guild.channels.cache.get(threadId);
  if (thread) return thread.isThread() && thread.parentId === channelId ? thread.type === ChannelType.PrivateThread : null;
  return threadPrivacy(threadId);
}

function isNsfw(guild: Guild, channelId: string): boolean {
  const channel = guild.channels.cache.get(channelId);
  return channel !== undefined && 'nsfw' in channel && channel.nsfw === true;
}

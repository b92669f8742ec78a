import { ChannelType, OverwriteType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { ChannelRecord, GuildRecord, ThreadRecord } from './records.js';
import type { World } from './world.js';

const P = PermissionFlagsBits;

export const ALL_PERMISSIONS: bigint = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/** What a new guild's @everyone role allows, as in a guild freshly created in the Discord client. */
export const DEFAULT_EVERYONE_PERMISSIONS: bigint =
  P.CreateInstantInvite |
  P.AddReactions |
  P.Stream |
  P.ViewChannel |
  P.SendMessages |
  P.EmbedLinks |
  P.AttachFiles |
  P.ReadMessageHistory |
  P.MentionEveryone |
  P.UseExternalEmojis |
  P.Connect |
  P.Speak |
  P.UseVAD |
  P.ChangeNickname |
  P.UseApplicationCommands |
  P.RequestToSpeak |
  P.CreatePublicThreads |
  P.CreatePrivateThreads |
  P.UseExternalStickers |
  P.SendMessagesInThreads |
  P.UseEmbeddedActivities |
  P.UseSoundboard |
  P.UseExternalSounds |
  P.SendVoiceMessages |
  P.SendPolls |
  P.UseExternalApps;

// Permissions that only make sense when the user can send messages; Discord drops them when SEND_MESSAGES is denied.
const NEEDS_SEND_MESSAGES = P.MentionEveryone | P.SendTTSMessages | P.AttachFiles | P.EmbedLinks;

/** A member's guild-wide permissions: owner and administrator get everything, others the union of their roles. */
export function guildPermissions(guild: GuildRecord, userId: string): bigint {
  if (guild.ownerId === userId) return ALL_PERMISSIONS;
  const member = guild.members.get(userId);
  if (!member) return 0n;
  let permissions = guild.roles.get(guild.id)?.permissions ?? 0n;
  for (const roleId of member.roleIds) permissions |= guild.roles.get(roleId)?.permissions ?? 0n;
  return (permissions & P.Administrator) !== 0n ? ALL_PERMISSIONS : permissions;
}

/**
 * A user's permissions in a channel, computed the way Discord documents it: guild permissions, then the channel's
 * @everyone overwrite, the user's role overwrites together, the member overwrite; then the implicit rules (no
 * VIEW_CHANNEL means nothing). Threads take their parent's permissions; private threads are visible to their members
 * and to MANAGE_THREADS only. DMs allow what a DM allows.
 */
export function channelPermissions(world: World, channel: ChannelRecord, userId: string): bigint {
  if (channel.kind === 'dm') return dmPermissions();
  if (channel.kind === 'thread') return threadPermissions(world, channel, userId);
  const guild = world.requireGuild(channel.guildId);
  const base = guildPermissions(guild, userId);
  if (base === ALL_PERMISSIONS) return ALL_PERMISSIONS;
  const member = guild.members.get(userId);
  if (!member) return 0n;

  let permissions = base;
  const everyone = channel.overwrites.find((o) => o.type === OverwriteType.Role && o.id === guild.id);
  if (everyone) permissions = (permissions & ~everyone.deny) | everyone.allow;
  let roleAllow = 0n;
  let roleDeny = 0n;
  for (const overwrite of channel.overwrites) {
    if (overwrite.type === OverwriteType.Role && overwrite.id !== guild.id && member.roleIds.includes(overwrite.id)) {
      roleAllow |= overwrite.allow;
      roleDeny |= overwrite.deny;
    }
  }
  permissions = (permissions & ~roleDeny) | roleAllow;
  const own = channel.overwrites.find((o) => o.type === OverwriteType.Member && o.id === userId);
  if (own) permissions = (permissions & ~own.deny) | own.allow;

  if ((permissions & P.ViewChannel) === 0n) return 0n;
  if ((permissions & P.SendMessages) === 0n && channel.type !== ChannelType.GuildForum) {
    permissions &= ~NEEDS_SEND_MESSAGES;
  }
  return permissions;
}

function threadPermissions(world: World, thread: ThreadRecord, userId: string): bigint {
  const parent = world.channels.get(thread.parentId);
  if (!parent) return 0n;
  const permissions = channelPermissions(world, parent, userId);
  if ((permissions & P.ViewChannel) === 0n) return 0n;
  if (
    thread.type === ChannelType.PrivateThread &&
    !thread.memberJoinedAt.has(userId) &&
    (permissions & P.ManageThreads) === 0n
  ) {
    return 0n;
  }
  return permissions;
}

function dmPermissions(): bigint {
  return (
    P.ViewChannel |
    P.SendMessages |
    P.ReadMessageHistory |
    P.AddReactions |
    P.EmbedLinks |
    P.AttachFiles |
    P.UseExternalEmojis |
    P.UseApplicationCommands
  );
}

export function has(permissions: bigint, flag: bigint): boolean {
  return (permissions & flag) === flag;
}

/** The permission a user needs to post in this channel: threads have their own. */
export function sendPermissionFor(channel: ChannelRecord): bigint {
  return channel.kind === 'thread' ? P.SendMessagesInThreads : P.SendMessages;
}

/** Voice and stage channels: their text chat is read with CONNECT as well as VIEW_CHANNEL (Discord's API docs). */
export function isVoiceBased(channel: ChannelRecord): boolean {
  return channel.kind === 'guild' && (channel.type === ChannelType.GuildVoice || channel.type === ChannelType.GuildStageVoice);
}

/**
 * Whether a user can read a channel's messages, history included: VIEW_CHANNEL and READ_MESSAGE_HISTORY (a private
 * thread only for its members and MANAGE_THREADS, as channelPermissions computes), and CONNECT in a voice or stage
 * channel or a thread of one.
 */
export function canReadMessages(world: World, channel: ChannelRecord, userId: string): boolean {
  const permissions = channelPermissions(world, channel, userId);
  if (!has(permissions, P.ViewChannel | P.ReadMessageHistory)) return false;
  const base = channel.kind === 'thread' ? world.channels.get(channel.parentId) : channel;
  return base === undefined || !isVoiceBased(base) || has(permissions, P.Connect);
}

import {
  ChannelType,
  ForumLayoutType,
  type APIChannel,
  type APIDMChannel,
  type APIOverwrite,
  type APIThreadChannel,
  type APIThreadMember,
  type GuildChannelType,
  type ThreadChannelType,
} from 'discord-api-types/v10';
import type { ChannelRecord, DmChannelRecord, GuildChannelRecord, ThreadRecord } from '../state/records.js';
import type { World } from '../state/world.js';
import { noFlags } from './flags.js';
import { apiUser } from './users.js';
import { isoTimestamp } from './time.js';

export type APIGuildNonThreadChannel = APIChannel & { type: Exclude<GuildChannelType, ThreadChannelType> };

function apiOverwrites(channel: GuildChannelRecord): APIOverwrite[] {
  return channel.overwrites.map((o) => ({ id: o.id, type: o.type, allow: o.allow.toString(), deny: o.deny.toString() }));
}

/**
 * A guild channel object. GUILD_CREATE's channel list omits `guild_id` (the guild is implied); REST and channel
 * events carry it.
 */
export function apiGuildChannel(channel: GuildChannelRecord, options: { withGuildId: boolean }): APIGuildNonThreadChannel {
  const common = {
    id: channel.id,
    ...(options.withGuildId ? { guild_id: channel.guildId } : {}),
    name: channel.name,
    position: channel.position,
    permission_overwrites: apiOverwrites(channel),
    nsfw: channel.nsfw,
    flags: noFlags(),
  };
  switch (channel.type) {
    case ChannelType.GuildCategory:
      return { ...common, type: ChannelType.GuildCategory, parent_id: null };
    case ChannelType.GuildText:
    case ChannelType.GuildAnnouncement:
      return {
        ...common,
        type: channel.type,
        parent_id: channel.parentId,
        topic: channel.topic,
        last_message_id: channel.lastMessageId,
        rate_limit_per_user: channel.rateLimitPerUser,
        last_pin_timestamp: null,
        default_thread_rate_limit_per_user: 0,
      };
    case ChannelType.GuildVoice:
    case ChannelType.GuildStageVoice:
      return {
        ...common,
        type: channel.type,
        parent_id: channel.parentId,
        last_message_id: channel.lastMessageId,
        rate_limit_per_user: channel.rateLimitPerUser,
        bitrate: 64_000,
        user_limit: 0,
        rtc_region: null,
      };
    case ChannelType.GuildForum:
      return {
        ...common,
        type: ChannelType.GuildForum,
        parent_id: channel.parentId,
        topic: channel.topic,
        last_message_id: channel.lastMessageId,
        rate_limit_per_user: channel.rateLimitPerUser,
        default_thread_rate_limit_per_user: 0,
        available_tags: [],
        default_reaction_emoji: null,
        default_sort_order: null,
        default_forum_layout: ForumLayoutType.NotSet,
      };
    case ChannelType.GuildMedia:
      return {
        ...common,
        type: ChannelType.GuildMedia,
        parent_id: channel.parentId,
        topic: channel.topic,
        last_message_id: channel.lastMessageId,
        rate_limit_per_user: channel.rateLimitPerUser,
        default_thread_rate_limit_per_user: 0,
        available_tags: [],
        default_reaction_emoji: null,
        default_sort_order: null,
      };
  }
}

export function apiThreadMember(thread: ThreadRecord, userId: string): APIThreadMember | null {
  const joinedAt = thread.memberJoinedAt.get(userId);
  if (joinedAt === undefined) return null;
  return { id: thread.id, user_id: userId, join_timestamp: isoTimestamp(joinedAt), flags: noFlags() };
}

/** A thread object; `member` is the bot's own thread membership, present when the bot has joined. */
export function apiThread(world: World, thread: ThreadRecord): APIThreadChannel {
  const botMember = apiThreadMember(thread, world.botUserId);
  return {
    id: thread.id,
    guild_id: thread.guildId,
    parent_id: thread.parentId,
    owner_id: thread.ownerId,
    type: thread.type,
    name: thread.name,
    last_message_id: thread.lastMessageId,
    rate_limit_per_user: thread.rateLimitPerUser,
    flags: noFlags(),
    message_count: thread.messageCount,
    member_count: Math.min(thread.memberJoinedAt.size, 50),
    total_message_sent: thread.totalMessageSent,
    thread_metadata: {
      archived: thread.archived,
      auto_archive_duration: thread.autoArchiveDuration,
      archive_timestamp: isoTimestamp(thread.archivedAt),
      locked: thread.locked,
      create_timestamp: isoTimestamp(thread.createdAt),
      ...(thread.type === ChannelType.PrivateThread ? { invitable: thread.invitable } : {}),
    },
    ...(isForumLike(world, thread) ? { applied_tags: [...thread.appliedTags] } : {}),
    ...(botMember ? { member: botMember } : {}),
  };
}

export function apiDmChannel(world: World, channel: DmChannelRecord): APIDMChannel {
  return {
    id: channel.id,
    type: ChannelType.DM,
    name: null,
    last_message_id: channel.lastMessageId,
    flags: noFlags(),
    recipients: [apiUser(world.requireUser(channel.recipientId))],
  };
}

export function apiChannel(world: World, channel: ChannelRecord): APIChannel {
  switch (channel.kind) {
    case 'guild':
      return apiGuildChannel(channel, { withGuildId: true });
    case 'thread':
      return apiThread(world, channel);
    case 'dm':
      return apiDmChannel(world, channel);
  }
}

function isForumLike(world: World, thread: ThreadRecord): boolean {
  const parent = world.channels.get(thread.parentId);
  return parent?.kind === 'guild' && (parent.type === ChannelType.GuildForum || parent.type === ChannelType.GuildMedia);
}

/**
 * discord.js structures -> ingest records. Pure: no I/O, no clock. Fields the rest of attune depends on are read
 * defensively because partial structures (uncached messages, partial members) lack them.
 */
import {
  ChannelType,
  MessageType,
  type Channel,
  type Guild,
  type GuildMember,
  type Message,
  type MessageReaction,
  type PartialGuildMember,
  type PartialMessage,
  type PartialMessageReaction,
} from 'discord.js';
import { MEDIA_KINDS, type ChannelKind, type MediaKind } from '../db/schema.js';
import type { ChannelRecord, GuildRecord, MemberRecord, PostEditRecord, PostRecord, PostSource, ReactionRecord } from './records.js';

const KIND_BY_TYPE: Partial<Record<ChannelType, ChannelKind>> = {
  [ChannelType.GuildText]: 'text',
  [ChannelType.GuildAnnouncement]: 'announcement',
  [ChannelType.GuildForum]: 'forum',
  [ChannelType.GuildMedia]: 'media',
  [ChannelType.GuildVoice]: 'voice',
  [ChannelType.GuildStageVoice]: 'stage',
  [ChannelType.GuildCategory]: 'category',
  [ChannelType.PublicThread]: 'public_thread',
  [ChannelType.PrivateThread]: 'private_thread',
  [ChannelType.AnnouncementThread]: 'announcement_thread',
};

/** Message types that are members' own content; joins, pins, boosts and other system notices are not posts. */
const CONTENT_MESSAGE_TYPES: ReadonlySet<MessageType> = new Set([MessageType.Default, MessageType.Reply]);

export function guildRecord(guild: Guild): GuildRecord {
  return {
    id: guild.id,
    name: guild.name,
    ownerId: guild.ownerId ?? null,
    preferredLocale: guild.preferredLocale ?? 'en-US',
  };
}

export function channelRecord(channel: Channel): ChannelRecord | null {
  if (channel.isDMBased()) return null;
  const kind = KIND_BY_TYPE[channel.type] ?? 'other';
  const isThread = channel.isThread();
  const nsfw = isThread ? Boolean(channel.parent && 'nsfw' in channel.parent && channel.parent.nsfw) : 'nsfw' in channel && channel.nsfw === true;
  return {
    id: channel.id,
    guildId: channel.guildId,
    parentId: channel.parentId ?? null,
    name: channel.name,
    kind,
    nsfw,
    ownerId: isThread ? (channel.ownerId ?? null) : null,
    archived: isThread ? channel.archived === true : false,
    createdAt: channel.createdTimestamp ?? Date.parse('2015-01-01T00:00:00Z'),
  };
}

export function memberRecord(member: GuildMember | PartialGuildMember): MemberRecord | null {
  const user = member.user;
  if (!user) return null;
  return {
    guildId: member.guild.id,
    userId: user.id,
    username: user.username ?? user.id,
    displayName: member.nickname ?? user.globalName ?? null,
    isBot: user.bot === true,
    joinedAt: member.joinedTimestamp ?? null,
  };
}

/**
 * A member record for a message's author, from the partial member Discord attaches to guild messages.
 * Webhook messages have no member and are not members.
 */
export function authorMemberRecord(message: Message): MemberRecord | null {
  if (!message.inGuild() || message.webhookId) return null;
  if (message.member) return memberRecord(message.member);
  return {
    guildId: message.guildId,
    userId: message.author.id,
    username: message.author.username,
    displayName: message.author.globalName ?? null,
    isBot: message.author.bot,
    joinedAt: null,
  };
}

/** Where a message lives: the top-level channel and, for a thread or forum post, the thread. */
export function messageLocation(message: Message | PartialMessage): { channelId: string; threadId: string | null } {
  const channel = message.channel;
  if (channel.isThread()) return { channelId: channel.parentId ?? channel.id, threadId: channel.id };
  return { channelId: message.channelId, threadId: null };
}

export interface PostMappingOptions {
  /** Keep text only when the bot was granted MESSAGE_CONTENT; otherwise Discord sends empty strings anyway. */
  keepContent: boolean;
  source: PostSource;
}

/** null for messages that are not guild posts: DMs, system notices. */
export function postRecord(message: Message, options: PostMappingOptions): PostRecord | null {
  if (!message.inGuild() || !CONTENT_MESSAGE_TYPES.has(message.type)) return null;
  const repliedUserId = message.mentions.repliedUser?.id ?? null;
  return {
    id: message.id,
    guildId: message.guildId,
    ...messageLocation(message),
    authorId: message.author.id,
    authorIsBot: message.author.bot || message.webhookId !== null,
    createdAt: message.createdTimestamp,
    editedAt: message.editedTimestamp,
    replyToId: message.type === MessageType.Reply ? (message.reference?.messageId ?? null) : null,
    replyToAuthorId: message.type === MessageType.Reply ? repliedUserId : null,
    attachmentCount: message.attachments.size,
    content: options.keepContent && message.content.length > 0 ? message.content : null,
    media: options.keepContent ? mediaKinds(message) : null,
    mentionedUserIds: [...message.mentions.users.keys()],
    source: options.source,
  };
}

const LINK = /https?:\/\/\S/i;

/**
 * What a message carries besides text: attachments by content type, embeds by type, links in the text. Discord
 * delivers attachments and embeds with the text (the MESSAGE_CONTENT intent), so the caller asks only then.
 */
export function mediaKinds(message: Message | PartialMessage): MediaKind[] {
  const kinds = new Set<MediaKind>();
  for (const attachment of message.attachments.values()) {
    const type = attachment.contentType ?? '';
    kinds.add(type.startsWith('image/') ? 'image' : type.startsWith('video/') ? 'video' : type.startsWith('audio/') ? 'audio' : 'file');
  }
  for (const embed of message.embeds) {
    const type = embed.data.type;
    kinds.add(type === 'image' || type === 'gifv' ? 'image' : type === 'video' ? 'video' : 'link');
  }
  if (message.content && LINK.test(message.content)) kinds.add('link');
  return MEDIA_KINDS.filter((kind) => kinds.has(kind));
}

export function postEditRecord(message: Message | PartialMessage, keepContent: boolean): PostEditRecord | null {
  if (message.editedTimestamp === null) return null;
  const content = message.partial ? undefined : message.content;
  return {
    id: message.id,
    editedAt: message.editedTimestamp,
    content: !keepContent || content === undefined ? undefined : content.length > 0 ? content : null,
    attachmentCount: message.partial ? undefined : message.attachments.size,
    media: message.partial || !keepContent ? undefined : mediaKinds(message),
    mentionedUserIds: message.partial ? undefined : [...message.mentions.users.keys()],
  };
}

/** The key attune stores an emoji under: a custom emoji's id, or the unicode emoji itself. */
export function emojiKey(reaction: MessageReaction | PartialMessageReaction): string | null {
  return reaction.emoji.id ?? reaction.emoji.name ?? null;
}

export function reactionRecord(
  reaction: MessageReaction | PartialMessageReaction,
  userId: string,
  at: number,
): ReactionRecord | null {
  const message = reaction.message;
  const emoji = emojiKey(reaction);
  if (!message.guildId || emoji === null) return null;
  return {
    guildId: message.guildId,
    messageId: message.id,
    userId,
    emoji,
    emojiName: reaction.emoji.name ?? null,
    at,
  };
}

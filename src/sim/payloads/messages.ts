import {
  ChannelType,
  MessageReferenceType,
  type APIMessage,
  type APIMessageTopLevelComponent,
  type APIReaction,
  type APIUserWithMember,
  type GatewayMessageCreateDispatchData,
  type TextChannelType,
} from 'discord-api-types/v10';
import { apiEmoji } from '../state/emoji.js';
import type { ChannelRecord, MessageRecord } from '../state/records.js';
import type { World } from '../state/world.js';
import { apiThread } from './channels.js';
import { apiMemberNoUser } from './guilds.js';
import { apiUser } from './users.js';
import { isoTimestamp } from './time.js';

/**
 * Whether a viewer sees a message's content. Without the MESSAGE_CONTENT intent Discord still shows content of the
 * bot's own messages, of messages that mention the bot, and of DMs.
 */
export function canReadContent(world: World, message: MessageRecord, contentIntent: boolean): boolean {
  return (
    contentIntent ||
    message.authorId === world.botUserId ||
    message.mentionUserIds.includes(world.botUserId) ||
    message.guildId === null
  );
}

/** The message as REST returns it (and as the base of gateway message events). */
export function apiMessage(world: World, message: MessageRecord, contentIntent: boolean): APIMessage {
  return buildMessage(world, message, contentIntent, true);
}

function buildMessage(world: World, message: MessageRecord, contentIntent: boolean, withReference: boolean): APIMessage {
  const readable = canReadContent(world, message, contentIntent);
  const result: APIMessage = {
    id: message.id,
    channel_id: message.channelId,
    author: apiUser(world.requireUser(message.authorId)),
    content: readable ? message.content : '',
    timestamp: isoTimestamp(message.createdAt),
    edited_timestamp: message.editedAt === null ? null : isoTimestamp(message.editedAt),
    tts: message.tts,
    mention_everyone: message.mentionEveryone,
    mentions: message.mentionUserIds.flatMap((id) => {
      const user = world.users.get(id);
      return user ? [apiUser(user)] : [];
    }),
    mention_roles: [...message.mentionRoleIds],
    attachments: readable ? message.attachments.map((a) => ({ ...a })) : [],
    embeds: readable ? message.embeds.map((e) => ({ ...e })) : [],
    // The spec schema validated the components when the bot sent them; they are echoed back as stored.
    components: readable ? (message.components as APIMessageTopLevelComponent[]) : [],
    pinned: message.pinned,
    type: message.type,
    flags: message.flags,
  };
  if (message.reactions.length > 0) result.reactions = message.reactions.map((r) => apiReaction(world, r.emoji, r.userIds));
  if (message.nonce !== null) result.nonce = message.nonce;
  if (message.webhookId !== null) result.webhook_id = message.webhookId;
  if (message.applicationId !== null) result.application_id = message.applicationId;
  if (message.interactionMetadata !== null) result.interaction_metadata = message.interactionMetadata;
  if (message.interaction !== null) result.interaction = message.interaction;
  if (message.reference !== null) {
    result.message_reference = {
      type: MessageReferenceType.Default,
      message_id: message.reference.messageId,
      channel_id: message.reference.channelId,
      ...(message.reference.guildId !== null ? { guild_id: message.reference.guildId } : {}),
    };
    if (withReference) {
      const referenced = world.message(message.reference.messageId);
      // Discord nests one level only, and sends null once the referenced message is gone.
      result.referenced_message = referenced ? buildMessage(world, referenced, contentIntent, false) : null;
    }
  }
  if (message.threadId !== null) {
    const thread = world.channels.get(message.threadId);
    if (thread?.kind === 'thread') result.thread = apiThread(world, thread);
  }
  return result;
}

export function apiReaction(world: World, emoji: MessageRecord['reactions'][number]['emoji'], userIds: readonly string[]): APIReaction {
  return {
    emoji: apiEmoji(emoji),
    count: userIds.length,
    count_details: { burst: 0, normal: userIds.length },
    me: userIds.includes(world.botUserId),
    me_burst: false,
    burst_colors: [],
  };
}

/** MESSAGE_CREATE / MESSAGE_UPDATE data: the REST shape plus guild_id, the author's member and mentioned members. */
export function gatewayMessage(world: World, message: MessageRecord, contentIntent: boolean): GatewayMessageCreateDispatchData {
  const { mentions, ...base } = apiMessage(world, message, contentIntent);
  const guild = message.guildId === null ? null : world.guilds.get(message.guildId);
  const authorMember = guild?.members.get(message.authorId);
  const mentionsWithMembers: APIUserWithMember[] = mentions.map((user) => {
    const member = guild?.members.get(user.id);
    return member ? { ...user, member: apiMemberNoUser(member) } : user;
  });
  const channel = world.channels.get(message.channelId);
  return {
    ...base,
    mentions: mentionsWithMembers,
    ...(message.guildId !== null ? { guild_id: message.guildId } : {}),
    ...(authorMember && message.webhookId === null ? { member: apiMemberNoUser(authorMember) } : {}),
    ...(channel ? { channel_type: textChannelType(channel) } : {}),
  };
}

function textChannelType(channel: ChannelRecord): TextChannelType {
  if (channel.kind === 'dm') return ChannelType.DM;
  if (channel.kind === 'thread') return channel.type;
  switch (channel.type) {
    case ChannelType.GuildAnnouncement:
    case ChannelType.GuildVoice:
    case ChannelType.GuildStageVoice:
      return channel.type;
    default:
      return ChannelType.GuildText;
  }
}

import {
  ChannelType,
  GatewayDispatchEvents,
  MessageType,
  PermissionFlagsBits,
  type APIAttachment,
  type APIEmbed,
  type APIMessage,
  type APIMessageInteraction,
  type APIMessageInteractionMetadata,
} from 'discord-api-types/v10';
import { botCanView, guildIdOf, hasContentIntent, messageIntentFor, now, type SimContext } from '../context.js';
import { channelPermissions, has } from '../state/permissions.js';
import type { ChannelRecord, MessageRecord } from '../state/records.js';
import { timestampOfSnowflake } from '../state/snowflake.js';
import { apiMessage, gatewayMessage } from '../payloads/messages.js';
import { addThreadMember, dispatchThreadUpdate } from './thread-events.js';

/**
 * Which mentions in a message notify anyone: Discord's allowed_mentions. Without one, every user, role and
 * @everyone mention counts and a reply pings the replied-to author.
 */
export interface MentionPolicy {
  users: 'all' | ReadonlySet<string>;
  roles: 'all' | ReadonlySet<string>;
  everyone: boolean;
  repliedUser: boolean;
}

export const MENTION_EVERYTHING: MentionPolicy = { users: 'all', roles: 'all', everyone: true, repliedUser: true };

export interface NewMessage {
  /** Forum starter messages share their thread's id; everything else gets a fresh one. */
  id?: string;
  channelId: string;
  authorId: string;
  content?: string;
  /** Creation time (ms); the id encodes it. Defaults to now. */
  at?: number;
  /** Users mentioned besides those written as <@id> in the content. */
  mentionUserIds?: string[];
  replyTo?: { messageId: string; channelId: string };
  mentionPolicy?: MentionPolicy;
  attachments?: APIAttachment[];
  embeds?: APIEmbed[];
  components?: unknown[];
  tts?: boolean;
  nonce?: string | number | null;
  type?: MessageType;
  flags?: number;
  webhookId?: string;
  applicationId?: string;
  interactionMetadata?: APIMessageInteractionMetadata;
  interaction?: APIMessageInteraction;
  /** Forum starter messages do not count towards the thread's message_count. */
  countsInThread?: boolean;
}

/** Whether messages can be posted in the channel itself (forums, media channels and categories hold none). */
export function holdsMessages(channel: ChannelRecord): boolean {
  if (channel.kind !== 'guild') return true;
  return (
    channel.type === ChannelType.GuildText ||
    channel.type === ChannelType.GuildAnnouncement ||
    channel.type === ChannelType.GuildVoice ||
    channel.type === ChannelType.GuildStageVoice
  );
}

/** Builds a message record without storing it (ephemeral interaction responses live only with their interaction). */
export function newMessageRecord(ctx: SimContext, input: NewMessage): MessageRecord {
  const { world } = ctx;
  const channel = world.requireChannel(input.channelId);
  world.requireUser(input.authorId);
  const id = input.id ?? ctx.ids.next(input.at);
  const createdAt = input.at ?? (input.id !== undefined ? timestampOfSnowflake(input.id) : now(ctx));
  const content = input.content ?? '';
  const policy = input.mentionPolicy ?? MENTION_EVERYTHING;
  const guildId = guildIdOf(channel);
  const guild = guildId === null ? null : world.requireGuild(guildId);

  const mentionUserIds = new Set<string>();
  for (const userId of [...(input.mentionUserIds ?? []), ...idsIn(content, /<@!?(\d{15,21})>/g)]) {
    if (world.users.has(userId) && (policy.users === 'all' || policy.users.has(userId))) mentionUserIds.add(userId);
  }
  let reference: MessageRecord['reference'] = null;
  if (input.replyTo) {
    const replied = world.messageIn(input.replyTo.channelId, input.replyTo.messageId);
    if (!replied) throw new Error(`fake-discord: no message ${input.replyTo.messageId} in channel ${input.replyTo.channelId}`);
    reference = { messageId: replied.id, channelId: replied.channelId, guildId: replied.guildId };
    if (policy.repliedUser && replied.authorId !== input.authorId) mentionUserIds.add(replied.authorId);
  }
  const mentionRoleIds = guild
    ? idsIn(content, /<@&(\d{15,21})>/g).filter((id) => guild.roles.has(id) && (policy.roles === 'all' || policy.roles.has(id)))
    : [];
  const mentionEveryone =
    policy.everyone &&
    /@(everyone|here)\b/.test(content) &&
    has(channelPermissions(world, channel, input.authorId), PermissionFlagsBits.MentionEveryone);

  return {
    id,
    channelId: channel.id,
    guildId,
    authorId: input.authorId,
    content,
    createdAt,
    editedAt: null,
    type: input.type ?? (reference ? MessageType.Reply : MessageType.Default),
    flags: input.flags ?? 0,
    tts: input.tts ?? false,
    pinned: false,
    nonce: input.nonce ?? null,
    mentionUserIds: [...mentionUserIds],
    mentionRoleIds: [...new Set(mentionRoleIds)],
    mentionEveryone,
    attachments: input.attachments ?? [],
    embeds: input.embeds ?? [],
    components: input.components ?? [],
    reference,
    reactions: [],
    webhookId: input.webhookId ?? null,
    applicationId: input.applicationId ?? null,
    interactionMetadata: input.interactionMetadata ?? null,
    interaction: input.interaction ?? null,
    threadId: null,
  };
}

/** Stores a message in its channel and announces it with MESSAGE_CREATE. Returns it as its author sees it. */
export function createMessage(ctx: SimContext, input: NewMessage): APIMessage {
  const record = newMessageRecord(ctx, input);
  publishMessage(ctx, record, { countsInThread: input.countsInThread ?? true });
  return apiMessage(ctx.world, record, true);
}

export function publishMessage(ctx: SimContext, record: MessageRecord, options: { countsInThread: boolean }): void {
  const { world } = ctx;
  const channel = world.requireChannel(record.channelId);
  world.addMessage(record);
  if (channel.lastMessageId === null || BigInt(record.id) > BigInt(channel.lastMessageId)) channel.lastMessageId = record.id;
  if (channel.kind === 'thread') {
    // Only members post in a private thread: whoever posts there is one (as the invitation that let them in made them).
    if (channel.type === ChannelType.PrivateThread && record.webhookId === null && world.guilds.get(channel.guildId)?.members.has(record.authorId)) {
      addThreadMember(ctx, channel.id, record.authorId);
    }
    if (options.countsInThread) {
      channel.messageCount += 1;
      channel.totalMessageSent += 1;
    }
    // Posting in an archived (unlocked) thread unarchives it, as on Discord.
    if (channel.archived && !channel.locked) {
      channel.archived = false;
      channel.archivedAt = now(ctx);
      dispatchThreadUpdate(ctx, channel);
    }
  }
  dispatchMessage(ctx, GatewayDispatchEvents.MessageCreate, channel, record);
}

export interface MessagePatch {
  content?: string;
  embeds?: APIEmbed[];
  components?: unknown[];
  attachments?: APIAttachment[];
  flags?: number;
}

export function editMessage(ctx: SimContext, record: MessageRecord, patch: MessagePatch): APIMessage {
  if (patch.content !== undefined) record.content = patch.content;
  if (patch.embeds !== undefined) record.embeds = patch.embeds;
  if (patch.components !== undefined) record.components = patch.components;
  if (patch.attachments !== undefined) record.attachments = patch.attachments;
  if (patch.flags !== undefined) record.flags = patch.flags;
  record.editedAt = now(ctx);
  if (ctx.world.message(record.id) === record) {
    dispatchMessage(ctx, GatewayDispatchEvents.MessageUpdate, ctx.world.requireChannel(record.channelId), record);
  }
  return apiMessage(ctx.world, record, true);
}

export function deleteMessage(ctx: SimContext, record: MessageRecord): void {
  const { world } = ctx;
  const channel = world.requireChannel(record.channelId);
  world.removeMessage(record);
  if (channel.kind === 'thread' && channel.messageCount > 0 && record.id !== channel.id) channel.messageCount -= 1;
  if (!botCanView(ctx, channel)) return;
  const guildId = guildIdOf(channel);
  ctx.gateway.dispatch(GatewayDispatchEvents.MessageDelete, { guildId, intent: messageIntentFor(channel) }, () => ({
    id: record.id,
    channel_id: channel.id,
    ...(guildId !== null ? { guild_id: guildId } : {}),
  }));
}

export function bulkDeleteMessages(ctx: SimContext, channelId: string, messageIds: readonly string[]): void {
  const { world } = ctx;
  const channel = world.requireChannel(channelId);
  const deleted: string[] = [];
  for (const id of messageIds) {
    const record = world.messageIn(channelId, id);
    if (!record) continue;
    world.removeMessage(record);
    if (channel.kind === 'thread' && channel.messageCount > 0) channel.messageCount -= 1;
    deleted.push(id);
  }
  if (deleted.length === 0 || !botCanView(ctx, channel)) return;
  const guildId = guildIdOf(channel);
  ctx.gateway.dispatch(GatewayDispatchEvents.MessageDeleteBulk, { guildId, intent: messageIntentFor(channel) }, () => ({
    ids: deleted,
    channel_id: channelId,
    ...(guildId !== null ? { guild_id: guildId } : {}),
  }));
}

function dispatchMessage(
  ctx: SimContext,
  event: GatewayDispatchEvents.MessageCreate | GatewayDispatchEvents.MessageUpdate,
  channel: ChannelRecord,
  record: MessageRecord,
): void {
  if (!botCanView(ctx, channel)) return;
  ctx.gateway.dispatch(event, { guildId: guildIdOf(channel), intent: messageIntentFor(channel) }, (view) =>
    gatewayMessage(ctx.world, record, hasContentIntent(view.intents)),
  );
}

/** Fake attachment objects whose URLs the fake itself serves, so a bot that downloads them works offline. */
export function fakeAttachments(ctx: SimContext, channelId: string, count: number): APIAttachment[] {
  const attachments: APIAttachment[] = [];
  for (let index = 0; index < count; index++) {
    const id = ctx.ids.next();
    const filename = `image-${index + 1}.png`;
    const url = `${ctx.fileBaseUrl()}/attachments/${channelId}/${id}/${filename}`;
    attachments.push({
      id,
      filename,
      size: 68,
      url,
      proxy_url: url,
      content_type: 'image/png',
      width: 1,
      height: 1,
    });
  }
  return attachments;
}

function idsIn(content: string, pattern: RegExp): string[] {
  return [...content.matchAll(pattern)].flatMap((match) => (match[1] === undefined ? [] : [match[1]]));
}

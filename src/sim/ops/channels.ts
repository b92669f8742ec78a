import {
  ChannelType,
  GatewayDispatchEvents,
  GatewayIntentBits,
  MessageFlags,
  OverwriteType,
  ThreadAutoArchiveDuration,
  type APIChannel,
  type APIDMChannel,
  type APIMessage,
  type APIThreadChannel,
} from 'discord-api-types/v10';
import { botCanView, now, whileBotIsIn, type SimContext } from '../context.js';
import type { DmChannelRecord, GuildChannelKind, GuildChannelRecord, OverwriteRecord, ThreadKind, ThreadRecord } from '../state/records.js';
import { apiDmChannel, apiGuildChannel, apiThread } from '../payloads/channels.js';
import { noFlags } from '../payloads/flags.js';
import { isoTimestamp } from '../payloads/time.js';
import { createMessage } from './messages.js';
import { dispatchThreadUpdate, requireThread } from './thread-events.js';

export interface PermissionOverwriteInput {
  id: string;
  type: 'role' | 'member' | OverwriteType;
  allow?: bigint;
  deny?: bigint;
}

export interface NewChannel {
  id?: string;
  name: string;
  type: GuildChannelKind;
  parentId?: string | null;
  nsfw?: boolean;
  topic?: string | null;
  position?: number;
  rateLimitPerUser?: number;
  permissionOverwrites?: PermissionOverwriteInput[];
}

export type ChannelPatch = Partial<Omit<NewChannel, 'id' | 'type'>>;

export interface NewThread {
  /** The thread's id when it does not start from a message (mirroring a real guild's history); default a new one. */
  id?: string;
  name: string;
  ownerId: string;
  type?: ThreadKind;
  /** A message in the parent channel the thread starts from; the thread then takes the message's id. */
  starterMessageId?: string;
  at?: number;
  autoArchiveDuration?: ThreadAutoArchiveDuration;
  invitable?: boolean;
}

export interface ThreadPatch {
  archived?: boolean;
  locked?: boolean;
  name?: string;
}

const CREATABLE_TYPES: ReadonlySet<ChannelType> = new Set([
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildVoice,
  ChannelType.GuildStageVoice,
  ChannelType.GuildCategory,
  ChannelType.GuildForum,
  ChannelType.GuildMedia,
]);

export function createChannel(ctx: SimContext, guildId: string, input: NewChannel): APIChannel {
  const { world } = ctx;
  const guild = world.requireGuild(guildId);
  if (!CREATABLE_TYPES.has(input.type)) throw new Error(`fake-discord: createChannel cannot make channel type ${input.type}`);
  const parentId = input.parentId ?? null;
  if (parentId !== null) requireCategory(ctx, guildId, parentId);
  if (input.type === ChannelType.GuildCategory && parentId !== null) throw new Error('fake-discord: categories cannot be nested');
  const channel: GuildChannelRecord = {
    kind: 'guild',
    id: input.id ?? ctx.ids.next(),
    guildId: guild.id,
    type: input.type,
    name: input.name,
    position: input.position ?? world.guildChannels(guildId).length,
    parentId,
    nsfw: input.nsfw ?? false,
    topic: input.topic ?? null,
    rateLimitPerUser: input.rateLimitPerUser ?? 0,
    overwrites: (input.permissionOverwrites ?? []).map(toOverwrite),
    lastMessageId: null,
  };
  world.addChannel(channel);
  dispatchChannelEvent(ctx, GatewayDispatchEvents.ChannelCreate, channel);
  return apiGuildChannel(channel, { withGuildId: true });
}

export function updateChannel(ctx: SimContext, channelId: string, patch: ChannelPatch): APIChannel {
  const channel = requireGuildChannel(ctx, channelId);
  if (patch.parentId !== undefined && patch.parentId !== null) requireCategory(ctx, channel.guildId, patch.parentId);
  if (patch.name !== undefined) channel.name = patch.name;
  if (patch.parentId !== undefined) channel.parentId = patch.parentId;
  if (patch.nsfw !== undefined) channel.nsfw = patch.nsfw;
  if (patch.topic !== undefined) channel.topic = patch.topic;
  if (patch.position !== undefined) channel.position = patch.position;
  if (patch.rateLimitPerUser !== undefined) channel.rateLimitPerUser = patch.rateLimitPerUser;
  if (patch.permissionOverwrites !== undefined) channel.overwrites = patch.permissionOverwrites.map(toOverwrite);
  dispatchChannelEvent(ctx, GatewayDispatchEvents.ChannelUpdate, channel);
  return apiGuildChannel(channel, { withGuildId: true });
}

/** Deletes a guild channel with its messages and threads (Discord sends only CHANNEL_DELETE for them). */
export function deleteChannel(ctx: SimContext, channelId: string): void {
  const { world } = ctx;
  const channel = requireGuildChannel(ctx, channelId);
  for (const thread of world.threadsOf(channel.guildId)) if (thread.parentId === channelId) world.removeChannel(thread.id);
  for (const other of world.guildChannels(channel.guildId)) if (other.parentId === channelId) other.parentId = null;
  dispatchChannelEvent(ctx, GatewayDispatchEvents.ChannelDelete, channel);
  world.removeChannel(channelId);
}

function dispatchChannelEvent(
  ctx: SimContext,
  event: GatewayDispatchEvents.ChannelCreate | GatewayDispatchEvents.ChannelUpdate | GatewayDispatchEvents.ChannelDelete,
  channel: GuildChannelRecord,
): void {
  const payload = { ...apiGuildChannel(channel, { withGuildId: true }), guild_id: channel.guildId };
  whileBotIsIn(ctx, channel.guildId, () =>
    ctx.gateway.dispatch(event, { guildId: channel.guildId, intent: GatewayIntentBits.Guilds }, () => payload),
  );
}

export function createThread(ctx: SimContext, parentChannelId: string, input: NewThread): APIThreadChannel {
  const { world } = ctx;
  const parent = requireGuildChannel(ctx, parentChannelId);
  world.requireMember(parent.guildId, input.ownerId);
  const type = input.type ?? (parent.type === ChannelType.GuildAnnouncement ? ChannelType.AnnouncementThread : ChannelType.PublicThread);
  requireThreadableParent(parent, type);

  let id: string;
  const starter = input.starterMessageId === undefined ? undefined : world.messageIn(parent.id, input.starterMessageId);
  if (input.starterMessageId !== undefined) {
    if (!starter) throw new Error(`fake-discord: no message ${input.starterMessageId} in channel ${parent.id}`);
    if (starter.threadId !== null) throw new Error(`fake-discord: message ${starter.id} already has a thread`);
    if (type === ChannelType.PrivateThread) throw new Error('fake-discord: private threads cannot start from a message');
    id = starter.id;
  } else {
    id = input.id ?? ctx.ids.next(input.at);
  }
  const createdAt = input.at ?? now(ctx);
  const thread: ThreadRecord = {
    kind: 'thread',
    id,
    guildId: parent.guildId,
    type,
    name: input.name,
    parentId: parent.id,
    ownerId: input.ownerId,
    archived: false,
    locked: false,
    invitable: input.invitable ?? true,
    autoArchiveDuration: input.autoArchiveDuration ?? ThreadAutoArchiveDuration.ThreeDays,
    archivedAt: createdAt,
    createdAt,
    memberJoinedAt: new Map([[input.ownerId, createdAt]]),
    messageCount: 0,
    totalMessageSent: 0,
    appliedTags: [],
    rateLimitPerUser: 0,
    lastMessageId: null,
  };
  world.addChannel(thread);
  if (starter) {
    starter.threadId = thread.id;
    starter.flags |= MessageFlags.HasThread;
  }
  if (botCanView(ctx, thread)) {
    ctx.gateway.dispatch(GatewayDispatchEvents.ThreadCreate, { guildId: thread.guildId, intent: GatewayIntentBits.Guilds }, () => ({
      ...apiThread(world, thread),
      newly_created: true,
    }));
  }
  return apiThread(world, thread);
}

/**
 * A forum post: the thread and its starter message, which shares the thread's id as on Discord. Emits THREAD_CREATE
 * then MESSAGE_CREATE.
 */
export function createForumPost(
  ctx: SimContext,
  forumChannelId: string,
  input: { id?: string; name: string; authorId: string; content: string; at?: number },
): { thread: APIThreadChannel; message: APIMessage } {
  const forum = requireGuildChannel(ctx, forumChannelId);
  if (forum.type !== ChannelType.GuildForum && forum.type !== ChannelType.GuildMedia) {
    throw new Error(`fake-discord: channel ${forumChannelId} is not a forum or media channel`);
  }
  const thread = createThread(ctx, forumChannelId, {
    name: input.name,
    ownerId: input.authorId,
    type: ChannelType.PublicThread,
    ...(input.id !== undefined ? { id: input.id } : {}),
    ...(input.at !== undefined ? { at: input.at } : {}),
  });
  const message = createMessage(ctx, {
    id: thread.id,
    channelId: thread.id,
    authorId: input.authorId,
    content: input.content,
    ...(input.at !== undefined ? { at: input.at } : {}),
    countsInThread: false,
  });
  return { thread: apiThread(ctx.world, requireThread(ctx, thread.id)), message };
}

export function updateThread(ctx: SimContext, threadId: string, patch: ThreadPatch): APIThreadChannel {
  const thread = requireThread(ctx, threadId);
  if (patch.name !== undefined) thread.name = patch.name;
  if (patch.locked !== undefined) thread.locked = patch.locked;
  if (patch.archived !== undefined && patch.archived !== thread.archived) {
    thread.archived = patch.archived;
    thread.archivedAt = now(ctx);
  }
  dispatchThreadUpdate(ctx, thread);
  return apiThread(ctx.world, thread);
}

export function deleteThread(ctx: SimContext, threadId: string): void {
  const thread = requireThread(ctx, threadId);
  if (botCanView(ctx, thread)) {
    ctx.gateway.dispatch(GatewayDispatchEvents.ThreadDelete, { guildId: thread.guildId, intent: GatewayIntentBits.Guilds }, () => ({
      id: thread.id,
      guild_id: thread.guildId,
      parent_id: thread.parentId,
      type: thread.type,
    }));
  }
  const starter = ctx.world.message(thread.id);
  if (starter && starter.channelId !== thread.id) starter.threadId = null;
  ctx.world.removeChannel(thread.id);
}

/** The bot joins a thread (PUT /channels/{id}/thread-members/@me): THREAD_MEMBER_UPDATE to the bot. */
export function joinThread(ctx: SimContext, threadId: string, userId: string): void {
  const thread = requireThread(ctx, threadId);
  if (thread.memberJoinedAt.has(userId)) return;
  const joinedAt = now(ctx);
  thread.memberJoinedAt.set(userId, joinedAt);
  if (userId === ctx.world.botUserId && botCanView(ctx, thread)) {
    ctx.gateway.dispatch(GatewayDispatchEvents.ThreadMemberUpdate, { guildId: thread.guildId, intent: GatewayIntentBits.Guilds }, () => ({
      id: thread.id,
      user_id: userId,
      join_timestamp: isoTimestamp(joinedAt),
      flags: noFlags(),
      guild_id: thread.guildId,
    }));
  }
}

/** The bot's DM channel with a user, created on first use (Discord returns the same channel every time). */
export function openDmChannel(ctx: SimContext, recipientId: string): APIDMChannel {
  const { world } = ctx;
  world.requireUser(recipientId);
  let channel = world.dmChannelWith(recipientId);
  if (!channel) {
    const created: DmChannelRecord = { kind: 'dm', id: ctx.ids.next(), recipientId, lastMessageId: null };
    world.addChannel(created);
    channel = created;
  }
  return apiDmChannel(world, channel);
}

export function requireGuildChannel(ctx: SimContext, channelId: string): GuildChannelRecord {
  const channel = ctx.world.requireChannel(channelId);
  if (channel.kind !== 'guild') throw new Error(`fake-discord: channel ${channelId} is not a guild channel (use the thread methods for threads)`);
  return channel;
}

function requireCategory(ctx: SimContext, guildId: string, categoryId: string): void {
  const parent = ctx.world.channels.get(categoryId);
  if (parent?.kind !== 'guild' || parent.guildId !== guildId || parent.type !== ChannelType.GuildCategory) {
    throw new Error(`fake-discord: ${categoryId} is not a category of guild ${guildId}`);
  }
}

function requireThreadableParent(parent: GuildChannelRecord, type: ThreadKind): void {
  const allowed: Partial<Record<ChannelType, readonly ThreadKind[]>> = {
    [ChannelType.GuildText]: [ChannelType.PublicThread, ChannelType.PrivateThread],
    [ChannelType.GuildAnnouncement]: [ChannelType.AnnouncementThread],
    [ChannelType.GuildForum]: [ChannelType.PublicThread],
    [ChannelType.GuildMedia]: [ChannelType.PublicThread],
  };
  if (!(allowed[parent.type] ?? []).includes(type)) {
    throw new Error(`fake-discord: a thread of type ${type} cannot be created in channel type ${parent.type}`);
  }
}

function toOverwrite(input: PermissionOverwriteInput): OverwriteRecord {
  const type = input.type === 'role' ? OverwriteType.Role : input.type === 'member' ? OverwriteType.Member : input.type;
  return { id: input.id, type, allow: input.allow ?? 0n, deny: input.deny ?? 0n };
}

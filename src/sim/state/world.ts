import type { APIApplicationCommand } from 'discord-api-types/v10';
import type {
  ChannelRecord,
  DmChannelRecord,
  GuildChannelRecord,
  GuildRecord,
  MemberRecord,
  MessageRecord,
  ThreadRecord,
  UserRecord,
} from './records.js';
import { compareSnowflakes } from '../../lib/snowflake.js';

/**
 * Everything the fake Discord knows: users, guilds, channels, messages and registered commands. It only stores and
 * looks up; rules and events live in the ops modules.
 */
export class World {
  readonly users = new Map<string, UserRecord>();
  readonly guilds = new Map<string, GuildRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  readonly globalCommands = new Map<string, APIApplicationCommand>();
  readonly #messagesById = new Map<string, MessageRecord>();
  /** Per channel, ascending by id (= by creation time). */
  readonly #messagesByChannel = new Map<string, MessageRecord[]>();
  readonly #dmChannelByRecipient = new Map<string, string>();

  constructor(
    readonly botUserId: string,
    readonly applicationId: string,
  ) {}

  get botUser(): UserRecord {
    return this.requireUser(this.botUserId);
  }

  requireUser(id: string): UserRecord {
    const user = this.users.get(id);
    if (!user) throw new Error(`fake-discord: no user ${id}`);
    return user;
  }

  requireGuild(id: string): GuildRecord {
    const guild = this.guilds.get(id);
    if (!guild) throw new Error(`fake-discord: no guild ${id}`);
    return guild;
  }

  requireChannel(id: string): ChannelRecord {
    const channel = this.channels.get(id);
    if (!channel) throw new Error(`fake-discord: no channel ${id}`);
    return channel;
  }

  requireMember(guildId: string, userId: string): MemberRecord {
    const member = this.requireGuild(guildId).members.get(userId);
    if (!member) throw new Error(`fake-discord: user ${userId} is not a member of guild ${guildId}`);
    return member;
  }

  /** Whether the bot is currently a member of (and so is served) the guild. */
  botIsIn(guildId: string): boolean {
    return this.guilds.get(guildId)?.members.has(this.botUserId) ?? false;
  }

  guildOf(channel: ChannelRecord): GuildRecord | null {
    return channel.kind === 'dm' ? null : this.requireGuild(channel.guildId);
  }

  guildChannels(guildId: string): GuildChannelRecord[] {
    const result: GuildChannelRecord[] = [];
    for (const channel of this.channels.values()) {
      if (channel.kind === 'guild' && channel.guildId === guildId) result.push(channel);
    }
    return result;
  }

  threadsOf(guildId: string): ThreadRecord[] {
    const result: ThreadRecord[] = [];
    for (const channel of this.channels.values()) {
      if (channel.kind === 'thread' && channel.guildId === guildId) result.push(channel);
    }
    return result;
  }

  dmChannelWith(recipientId: string): DmChannelRecord | null {
    const id = this.#dmChannelByRecipient.get(recipientId);
    const channel = id === undefined ? undefined : this.channels.get(id);
    return channel?.kind === 'dm' ? channel : null;
  }

  addChannel(channel: ChannelRecord): void {
    if (this.channels.has(channel.id)) throw new Error(`fake-discord: channel ${channel.id} already exists`);
    this.channels.set(channel.id, channel);
    if (channel.kind === 'dm') this.#dmChannelByRecipient.set(channel.recipientId, channel.id);
  }

  /** Removes a channel and every message in it. */
  removeChannel(id: string): void {
    for (const message of this.#messagesByChannel.get(id) ?? []) this.#messagesById.delete(message.id);
    this.#messagesByChannel.delete(id);
    this.channels.delete(id);
  }

  message(id: string): MessageRecord | undefined {
    return this.#messagesById.get(id);
  }

  messageIn(channelId: string, messageId: string): MessageRecord | undefined {
    const message = this.#messagesById.get(messageId);
    return message?.channelId === channelId ? message : undefined;
  }

  /** The channel's messages, oldest first. The array is live: callers must not mutate it. */
  messagesIn(channelId: string): readonly MessageRecord[] {
    return this.#messagesByChannel.get(channelId) ?? [];
  }

  addMessage(message: MessageRecord): void {
    if (this.#messagesById.has(message.id)) throw new Error(`fake-discord: message ${message.id} already exists`);
    this.#messagesById.set(message.id, message);
    const list = this.#messagesByChannel.get(message.channelId) ?? [];
    // Messages built with an explicit past time arrive out of order: insert where the id belongs.
    const index = upperBound(list, message.id);
    list.splice(index, 0, message);
    this.#messagesByChannel.set(message.channelId, list);
  }

  removeMessage(message: MessageRecord): void {
    this.#messagesById.delete(message.id);
    const list = this.#messagesByChannel.get(message.channelId);
    if (!list) return;
    const index = lowerBound(list, message.id);
    if (list[index]?.id === message.id) list.splice(index, 1);
  }
}

/** Index of the first entry whose id is >= `id` (the list is ascending by id). */
export function lowerBound(list: readonly { id: string }[], id: string): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const entry = list[mid];
    if (entry && compareSnowflakes(entry.id, id) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Index of the first entry whose id is > `id` (the list is ascending by id). */
export function upperBound(list: readonly { id: string }[], id: string): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const entry = list[mid];
    if (entry && compareSnowflakes(entry.id, id) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

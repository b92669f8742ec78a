import { GatewayIntentBits, PermissionFlagsBits } from 'discord-api-types/v10';
import type { Dispatcher } from './gateway/dispatch.js';
import type { IntentGrants } from './gateway/intents.js';
import { channelPermissions, has } from './state/permissions.js';
import type { ChannelRecord } from './state/records.js';
import type { SnowflakeGenerator } from './state/snowflake.js';
import type { World } from './state/world.js';

/** What every operation on the simulated Discord needs: the state, ids, time, the gateway and the app's grants. */
export interface SimContext {
  world: World;
  ids: SnowflakeGenerator;
  gateway: Dispatcher;
  grants: IntentGrants;
  /** Base URL (no trailing slash) the fake serves attachment files under. */
  fileBaseUrl: () => string;
  /** Files the bot uploaded, by the path the fake serves them under (`/attachments/...`). */
  uploads: Map<string, UploadedFile>;
}

export interface UploadedFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export function now(ctx: SimContext): number {
  return ctx.ids.now();
}

/** Whether the bot can see a channel (and so is sent its events); false once the bot has left the guild. */
export function botCanView(ctx: SimContext, channel: ChannelRecord): boolean {
  if (channel.kind !== 'dm' && !ctx.world.botIsIn(channel.guildId)) return false;
  return has(channelPermissions(ctx.world, channel, ctx.world.botUserId), PermissionFlagsBits.ViewChannel);
}

/** The intent that carries message events for this channel. */
export function messageIntentFor(channel: ChannelRecord): number {
  return channel.kind === 'dm' ? GatewayIntentBits.DirectMessages : GatewayIntentBits.GuildMessages;
}

export function reactionIntentFor(channel: ChannelRecord): number {
  return channel.kind === 'dm' ? GatewayIntentBits.DirectMessageReactions : GatewayIntentBits.GuildMessageReactions;
}

export function guildIdOf(channel: ChannelRecord): string | null {
  return channel.kind === 'dm' ? null : channel.guildId;
}

/** Whether a session's intents include MESSAGE_CONTENT (IDENTIFY already refused it if not granted). */
export function hasContentIntent(intents: number): boolean {
  return (intents & GatewayIntentBits.MessageContent) !== 0;
}

/** Runs `send` only while the bot is in the guild: a guild the bot left sends it nothing. */
export function whileBotIsIn(ctx: SimContext, guildId: string, send: () => void): void {
  if (ctx.world.botIsIn(guildId)) send();
}

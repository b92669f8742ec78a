import { PermissionFlagsBits } from 'discord-api-types/v10';
import { DiscordErrors, invalidField } from '../api-errors.js';
import type { SimContext } from '../context.js';
import { channelPermissions, has } from '../state/permissions.js';
import type { ChannelRecord, GuildRecord, MessageRecord } from '../state/records.js';
import { isSnowflake } from '../state/snowflake.js';

/** A path parameter that must be a snowflake, as Discord checks before anything else. */
export function snowflakeParam(params: Record<string, string>, name: string): string {
  const value = params[name] ?? '';
  if (!isSnowflake(value)) throw invalidField([name], 'NUMBER_TYPE_COERCE', `Value "${value}" is not snowflake.`);
  return value;
}

/** A guild the bot is in (unknown: 10004; not a member: 50001). */
export function accessibleGuild(sim: SimContext, guildId: string): GuildRecord {
  const guild = sim.world.guilds.get(guildId);
  if (!guild) throw DiscordErrors.unknownGuild();
  if (!sim.world.botIsIn(guildId)) throw DiscordErrors.missingAccess();
  return guild;
}

/** A channel the bot can see, with the bot's permissions in it (unknown: 10003; hidden: 50001). */
export function accessibleChannel(sim: SimContext, channelId: string): { channel: ChannelRecord; permissions: bigint } {
  const channel = sim.world.channels.get(channelId);
  if (!channel) throw DiscordErrors.unknownChannel();
  if (channel.kind !== 'dm' && !sim.world.botIsIn(channel.guildId)) throw DiscordErrors.missingAccess();
  const permissions = channelPermissions(sim.world, channel, sim.world.botUserId);
  if (!has(permissions, PermissionFlagsBits.ViewChannel)) throw DiscordErrors.missingAccess();
  return { channel, permissions };
}

export function requirePermission(permissions: bigint, flag: bigint): void {
  if (!has(permissions, flag)) throw DiscordErrors.missingPermissions();
}

export function existingMessage(sim: SimContext, channelId: string, messageId: string): MessageRecord {
  const message = sim.world.messageIn(channelId, messageId);
  if (!message) throw DiscordErrors.unknownMessage();
  return message;
}

/** An integer query parameter within Discord's bounds (else 50035, as Discord answers). */
export function intQuery(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw invalidField([name], 'NUMBER_TYPE_COERCE', `Value "${raw}" is not int.`);
  if (value < min) throw invalidField([name], 'NUMBER_TYPE_MIN', `int value should be greater than or equal to ${min}.`);
  if (value > max) throw invalidField([name], 'NUMBER_TYPE_MAX', `int value should be less than or equal to ${max}.`);
  return value;
}

export function snowflakeQuery(query: URLSearchParams, name: string): string | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return null;
  if (!isSnowflake(raw)) throw invalidField([name], 'NUMBER_TYPE_COERCE', `Value "${raw}" is not snowflake.`);
  return raw;
}

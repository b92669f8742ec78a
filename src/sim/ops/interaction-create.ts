import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ComponentType,
  GatewayDispatchEvents,
  InteractionContextType,
  InteractionType,
  PermissionFlagsBits,
  type APIApplicationCommand,
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandGuildInteraction,
  type APIInteraction,
  type APIInteractionDataResolved,
  type APIInteractionDataResolvedChannel,
  type APIInteractionGuildMember,
  type APIMessage,
  type APIMessageApplicationCommandGuildInteraction,
  type APIMessageComponentGuildInteraction,
  type Locale,
} from 'discord-api-types/v10';
import { interactionTokenFor } from '../credentials.js';
import type { SimContext } from '../context.js';
import { InteractionHandle } from '../interactions/handle.js';
import type { InteractionRegistry, InteractionState } from '../interactions/registry.js';
import { channelPermissions, has } from '../state/permissions.js';
import type { MessageRecord } from '../state/records.js';
import { apiChannel } from '../payloads/channels.js';
import { apiMember, apiMemberNoUser, apiRole } from '../payloads/guilds.js';
import { apiUser } from '../payloads/users.js';
import { apiMessage } from '../payloads/messages.js';

/** The attachment size limit of a guild without boosts (10 MiB). */
const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;

interface InvocationBase {
  guildId: string;
  channelId: string;
  userId: string;
  locale?: Locale;
}

export interface SlashCommandInvocation extends InvocationBase {
  name: string;
  options?: APIApplicationCommandInteractionDataOption[];
  /** Invoke even if the bot never registered the command (real Discord cannot; tests of bare handlers may). */
  allowUnregistered?: boolean;
}

export interface MessageContextMenuInvocation extends InvocationBase {
  name: string;
  targetMessageId: string;
  allowUnregistered?: boolean;
}

export interface ButtonClick extends InvocationBase {
  messageId: string;
  customId: string;
}

export function invokeSlashCommand(ctx: SimContext, registry: InteractionRegistry, input: SlashCommandInvocation): InteractionHandle {
  const command = findCommand(ctx, input.guildId, input.name, ApplicationCommandType.ChatInput, input.allowUnregistered ?? false);
  const shared = sharedFields(ctx, input);
  const resolved = resolveOptions(ctx, input, input.options ?? []);
  const payload: APIChatInputApplicationCommandGuildInteraction = {
    ...shared,
    type: InteractionType.ApplicationCommand,
    data: {
      id: command.id,
      name: command.name,
      type: ApplicationCommandType.ChatInput,
      ...(command.guild_id !== undefined ? { guild_id: command.guild_id } : {}),
      ...(input.options !== undefined ? { options: input.options } : {}),
      ...(resolved !== null ? { resolved } : {}),
    },
  };
  return dispatchInteraction(ctx, registry, payload, {
    commandType: ApplicationCommandType.ChatInput,
    commandName: command.name,
    sourceMessageId: null,
    input,
  });
}

export function invokeMessageContextMenu(
  ctx: SimContext,
  registry: InteractionRegistry,
  input: MessageContextMenuInvocation,
): InteractionHandle {
  const command = findCommand(ctx, input.guildId, input.name, ApplicationCommandType.Message, input.allowUnregistered ?? false);
  const target = ctx.world.messageIn(input.channelId, input.targetMessageId);
  if (!target) throw new Error(`fake-discord: no message ${input.targetMessageId} in channel ${input.channelId}`);
  const payload: APIMessageApplicationCommandGuildInteraction = {
    ...sharedFields(ctx, input),
    type: InteractionType.ApplicationCommand,
    data: {
      id: command.id,
      name: command.name,
      type: ApplicationCommandType.Message,
      target_id: target.id,
      ...(command.guild_id !== undefined ? { guild_id: command.guild_id } : {}),
      // Context-menu targets carry their content even without the MESSAGE_CONTENT intent.
      resolved: { messages: { [target.id]: apiMessage(ctx.world, target, true) } },
    },
  };
  return dispatchInteraction(ctx, registry, payload, {
    commandType: ApplicationCommandType.Message,
    commandName: command.name,
    sourceMessageId: null,
    input,
  });
}

export function clickButton(ctx: SimContext, registry: InteractionRegistry, input: ButtonClick): InteractionHandle {
  const message: MessageRecord | undefined =
    ctx.world.messageIn(input.channelId, input.messageId) ?? registry.ephemeralMessage(input.messageId);
  if (!message || message.channelId !== input.channelId) {
    throw new Error(`fake-discord: no message ${input.messageId} in channel ${input.channelId}`);
  }
  if (message.authorId !== ctx.world.botUserId) {
    throw new Error(`fake-discord: message ${message.id} is not the bot's; Discord only sends its components' clicks to the bot that sent it`);
  }
  if (!containsButton(message.components, input.customId)) {
    throw new Error(`fake-discord: message ${message.id} has no button with custom_id "${input.customId}"`);
  }
  const payload: APIMessageComponentGuildInteraction = {
    ...sharedFields(ctx, input),
    type: InteractionType.MessageComponent,
    data: { custom_id: input.customId, component_type: ComponentType.Button },
    message: apiMessage(ctx.world, message, true),
  };
  return dispatchInteraction(ctx, registry, payload, { commandType: null, commandName: null, sourceMessageId: message.id, input });
}

type GuildInteractionBase = Omit<APIChatInputApplicationCommandGuildInteraction, 'type' | 'data'>;

function sharedFields(ctx: SimContext, input: InvocationBase): GuildInteractionBase {
  const { world } = ctx;
  const guild = world.requireGuild(input.guildId);
  if (!world.botIsIn(guild.id)) throw new Error(`fake-discord: the bot is not in guild ${guild.id}`);
  const channel = world.requireChannel(input.channelId);
  if (channel.kind === 'dm' || channel.guildId !== guild.id) {
    throw new Error(`fake-discord: channel ${input.channelId} is not in guild ${guild.id}`);
  }
  const member = world.requireMember(guild.id, input.userId);
  const user = world.requireUser(input.userId);
  const userPermissions = channelPermissions(world, channel, input.userId);
  if (!has(userPermissions, PermissionFlagsBits.ViewChannel)) {
    throw new Error(`fake-discord: user ${input.userId} cannot see channel ${input.channelId}, so cannot interact there`);
  }
  const interactionMember: APIInteractionGuildMember = { ...apiMember(world, member), permissions: userPermissions.toString() };
  const id = ctx.ids.next();
  return {
    id,
    application_id: world.applicationId,
    token: interactionTokenFor(id),
    version: 1,
    guild: { id: guild.id, features: [], locale: guild.preferredLocale },
    guild_id: guild.id,
    channel: apiChannel(world, channel),
    channel_id: channel.id,
    member: interactionMember,
    app_permissions: channelPermissions(world, channel, world.botUserId).toString(),
    locale: input.locale ?? user.locale,
    guild_locale: guild.preferredLocale,
    entitlements: [],
    authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: guild.id },
    context: InteractionContextType.Guild,
    attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
  };
}

function dispatchInteraction(
  ctx: SimContext,
  registry: InteractionRegistry,
  payload: APIInteraction & { guild_id: string; channel_id: string; member: APIInteractionGuildMember },
  details: Pick<InteractionState, 'commandType' | 'commandName' | 'sourceMessageId'> & { input: InvocationBase },
): InteractionHandle {
  const handle = new InteractionHandle(payload, (messageId) => findInteractionMessage(ctx, registry, messageId));
  const state: InteractionState = {
    id: payload.id,
    token: payload.token,
    type: payload.type,
    commandType: details.commandType,
    commandName: details.commandName,
    guildId: payload.guild_id,
    channelId: payload.channel_id,
    userId: details.input.userId,
    sourceMessageId: details.sourceMessageId,
    callbackType: null,
    originalMessageId: null,
    followupIds: [],
    ephemeralMessages: new Map(),
    handle,
  };
  registry.add(state);
  ctx.gateway.dispatch(GatewayDispatchEvents.InteractionCreate, { guildId: payload.guild_id, intent: 0 }, () => payload);
  return handle;
}

/** A message an interaction answered with, wherever it lives (channel history or the ephemeral store). */
export function findInteractionMessage(ctx: SimContext, registry: InteractionRegistry, messageId: string): APIMessage | null {
  const record = ctx.world.message(messageId) ?? registry.ephemeralMessage(messageId);
  return record ? apiMessage(ctx.world, record, true) : null;
}

function findCommand(
  ctx: SimContext,
  guildId: string,
  name: string,
  type: ApplicationCommandType,
  allowUnregistered: boolean,
): APIApplicationCommand {
  const { world } = ctx;
  const candidates = [...world.requireGuild(guildId).commands.values(), ...world.globalCommands.values()];
  const found = candidates.find((command) => command.name === name && command.type === type);
  if (found) return found;
  if (!allowUnregistered) {
    throw new Error(
      `fake-discord: no ${ApplicationCommandType[type]} command "${name}" is registered for guild ${guildId} or globally; ` +
        'register it through the bot (or pass allowUnregistered: true)',
    );
  }
  return {
    id: ctx.ids.next(),
    application_id: world.applicationId,
    type,
    name,
    description: '',
    default_member_permissions: null,
    version: ctx.ids.next(),
  };
}

/** `resolved` for user, channel, role and mentionable options, including those inside subcommands. */
function resolveOptions(
  ctx: SimContext,
  input: InvocationBase,
  options: readonly APIApplicationCommandInteractionDataOption[],
): APIInteractionDataResolved | null {
  const { world } = ctx;
  const guild = world.requireGuild(input.guildId);
  const resolved: Required<Pick<APIInteractionDataResolved, 'users' | 'members' | 'roles' | 'channels'>> = {
    users: {},
    members: {},
    roles: {},
    channels: {},
  };
  const addUser = (id: string): void => {
    const user = world.users.get(id);
    if (!user) return;
    resolved.users[id] = apiUser(user);
    const member = guild.members.get(id);
    if (member) {
      const channel = world.requireChannel(input.channelId);
      resolved.members[id] = { ...apiMemberNoUser(member), permissions: channelPermissions(world, channel, id).toString() };
    }
  };
  const addRole = (id: string): boolean => {
    const role = guild.roles.get(id);
    if (!role) return false;
    resolved.roles[id] = apiRole(role);
    return true;
  };
  const visit = (list: readonly APIApplicationCommandInteractionDataOption[]): void => {
    for (const option of list) {
      switch (option.type) {
        case ApplicationCommandOptionType.Subcommand:
        case ApplicationCommandOptionType.SubcommandGroup:
          visit(option.options ?? []);
          break;
        case ApplicationCommandOptionType.User:
          addUser(option.value);
          break;
        case ApplicationCommandOptionType.Role:
          addRole(option.value);
          break;
        case ApplicationCommandOptionType.Mentionable:
          if (!addRole(option.value)) addUser(option.value);
          break;
        case ApplicationCommandOptionType.Channel: {
          const channel = resolvedChannel(ctx, input.userId, option.value);
          if (channel) {
            resolved.channels[option.value] = channel;
          }
          break;
        }
        default:
          break;
      }
    }
  };
  visit(options);
  const result: APIInteractionDataResolved = {};
  if (Object.keys(resolved.users).length > 0) result.users = resolved.users;
  if (Object.keys(resolved.members).length > 0) result.members = resolved.members;
  if (Object.keys(resolved.roles).length > 0) result.roles = resolved.roles;
  if (Object.keys(resolved.channels).length > 0) result.channels = resolved.channels;
  return Object.keys(result).length > 0 ? result : null;
}

function resolvedChannel(ctx: SimContext, userId: string, channelId: string): APIInteractionDataResolvedChannel | null {
  const channel = ctx.world.channels.get(channelId);
  if (!channel || channel.kind === 'dm') return null;
  const permissions = channelPermissions(ctx.world, channel, userId).toString();
  if (channel.kind === 'thread') {
    const thread = apiChannel(ctx.world, channel);
    return {
      id: channel.id,
      name: channel.name,
      type: channel.type,
      permissions,
      parent_id: channel.parentId,
      ...('thread_metadata' in thread && thread.thread_metadata ? { thread_metadata: thread.thread_metadata } : {}),
    };
  }
  return { id: channel.id, name: channel.name, type: channel.type, permissions };
}

function containsButton(components: readonly unknown[], customId: string): boolean {
  const stack: unknown[] = [...components];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item !== 'object' || item === null) continue;
    if ('custom_id' in item && item.custom_id === customId && 'type' in item && item.type === ComponentType.Button) return true;
    for (const value of Object.values(item)) {
      if (Array.isArray(value)) stack.push(...value);
      else if (typeof value === 'object' && value !== null) stack.push(value);
    }
  }
  return false;
}

import {
  GatewayDispatchEvents,
  GatewayIntentBits,
  Locale,
  PermissionFlagsBits,
  type APIGuild,
  type APIGuildMember,
  type APIRole,
  type APIUser,
} from 'discord-api-types/v10';
import { botCanView, now, whileBotIsIn, type SimContext } from '../context.js';
import { DEFAULT_EVERYONE_PERMISSIONS, channelPermissions, has } from '../state/permissions.js';
import type { GuildRecord, MemberRecord, UserRecord } from '../state/records.js';
import { apiGuild, apiMember, apiRole, guildCreatePayload } from '../payloads/guilds.js';
import { apiUser } from '../payloads/users.js';

export interface NewUser {
  id?: string;
  username: string;
  globalName?: string | null;
  bot?: boolean;
  locale?: Locale;
}

export interface NewGuild {
  id?: string;
  name: string;
  /** An existing user; by default a user named "<guild name> owner" is created and joins the guild. */
  ownerId?: string;
  preferredLocale?: Locale;
  /** Whether the bot is in the guild from the start (default true). */
  includeBot?: boolean;
}

export interface NewMemberOptions {
  roles?: string[];
  joinedAt?: number;
  nick?: string | null;
}

export interface NewRole {
  name: string;
  permissions: bigint;
  color?: number;
  hoist?: boolean;
  mentionable?: boolean;
}

export function createUser(ctx: SimContext, input: NewUser): APIUser {
  const id = input.id ?? ctx.ids.next();
  if (ctx.world.users.has(id)) throw new Error(`fake-discord: user ${id} already exists`);
  const user: UserRecord = {
    id,
    username: input.username,
    globalName: input.globalName ?? null,
    bot: input.bot ?? false,
    dmsClosed: false,
    locale: input.locale ?? Locale.EnglishUS,
  };
  ctx.world.users.set(id, user);
  return apiUser(user);
}

export function createGuild(ctx: SimContext, input: NewGuild): APIGuild {
  const { world } = ctx;
  const id = input.id ?? ctx.ids.next();
  if (world.guilds.has(id)) throw new Error(`fake-discord: guild ${id} already exists`);
  const ownerId = input.ownerId ?? createUser(ctx, { username: `${input.name} owner`.toLowerCase().replace(/[^a-z0-9_.]+/g, '_') }).id;
  world.requireUser(ownerId);
  if (ownerId === world.botUserId) throw new Error('fake-discord: the bot cannot own a guild (it would bypass every permission)');
  const joinedAt = now(ctx);
  const guild: GuildRecord = {
    id,
    name: input.name,
    ownerId,
    preferredLocale: input.preferredLocale ?? Locale.EnglishUS,
    roles: new Map([
      [
        id,
        {
          id,
          name: '@everyone',
          permissions: DEFAULT_EVERYONE_PERMISSIONS,
          position: 0,
          color: 0,
          hoist: false,
          mentionable: false,
          managed: false,
        },
      ],
    ]),
    members: new Map([[ownerId, { userId: ownerId, nick: null, roleIds: [], joinedAt }]]),
    commands: new Map(),
  };
  world.guilds.set(id, guild);
  if (input.includeBot ?? true) addBotToGuild(ctx, id);
  return apiGuild(guild);
}

/** The bot joins the guild: GUILD_CREATE to sessions with the GUILDS intent. */
export function addBotToGuild(ctx: SimContext, guildId: string): void {
  const { world } = ctx;
  const guild = world.requireGuild(guildId);
  if (guild.members.has(world.botUserId)) return;
  guild.members.set(world.botUserId, { userId: world.botUserId, nick: null, roleIds: [], joinedAt: now(ctx) });
  ctx.gateway.dispatch(GatewayDispatchEvents.GuildCreate, { guildId, intent: GatewayIntentBits.Guilds }, (view) =>
    guildCreatePayload(world, guild, {
      presencesIntent: (view.intents & GatewayIntentBits.GuildPresences) !== 0,
      largeThreshold: view.largeThreshold,
      canViewThread: (threadId) => botCanView(ctx, world.requireChannel(threadId)),
    }),
  );
}

/** The bot is kicked: GUILD_DELETE without `unavailable`, and the guild is no longer served over REST. */
export function removeBotFromGuild(ctx: SimContext, guildId: string): void {
  const { world } = ctx;
  const guild = world.requireGuild(guildId);
  if (!guild.members.has(world.botUserId)) return;
  ctx.gateway.dispatch(GatewayDispatchEvents.GuildDelete, { guildId, intent: GatewayIntentBits.Guilds }, () => ({ id: guildId }));
  guild.members.delete(world.botUserId);
}

export function createRole(ctx: SimContext, guildId: string, input: NewRole): APIRole {
  const guild = ctx.world.requireGuild(guildId);
  const position = Math.max(...[...guild.roles.values()].map((role) => role.position)) + 1;
  const role = {
    id: ctx.ids.next(),
    name: input.name,
    permissions: input.permissions,
    position,
    color: input.color ?? 0,
    hoist: input.hoist ?? false,
    mentionable: input.mentionable ?? false,
    managed: false,
  };
  guild.roles.set(role.id, role);
  whileBotIsIn(ctx, guildId, () =>
    ctx.gateway.dispatch(GatewayDispatchEvents.GuildRoleCreate, { guildId, intent: GatewayIntentBits.Guilds }, () => ({
      guild_id: guildId,
      role: apiRole(role),
    })),
  );
  return apiRole(role);
}

export function updateRole(
  ctx: SimContext,
  guildId: string,
  roleId: string,
  patch: Partial<NewRole>,
): APIRole {
  const guild = ctx.world.requireGuild(guildId);
  const role = guild.roles.get(roleId);
  if (!role) throw new Error(`fake-discord: guild ${guildId} has no role ${roleId}`);
  if (patch.name !== undefined) role.name = patch.name;
  if (patch.permissions !== undefined) role.permissions = patch.permissions;
  if (patch.color !== undefined) role.color = patch.color;
  if (patch.hoist !== undefined) role.hoist = patch.hoist;
  if (patch.mentionable !== undefined) role.mentionable = patch.mentionable;
  whileBotIsIn(ctx, guildId, () =>
    ctx.gateway.dispatch(GatewayDispatchEvents.GuildRoleUpdate, { guildId, intent: GatewayIntentBits.Guilds }, () => ({
      guild_id: guildId,
      role: apiRole(role),
    })),
  );
  return apiRole(role);
}

/** Deletes a role; members lose it silently, as on Discord (only GUILD_ROLE_DELETE is sent). */
export function deleteRole(ctx: SimContext, guildId: string, roleId: string): void {
  const guild = ctx.world.requireGuild(guildId);
  if (roleId === guildId) throw new Error('fake-discord: @everyone cannot be deleted');
  if (!guild.roles.delete(roleId)) throw new Error(`fake-discord: guild ${guildId} has no role ${roleId}`);
  for (const member of guild.members.values()) member.roleIds = member.roleIds.filter((id) => id !== roleId);
  whileBotIsIn(ctx, guildId, () =>
    ctx.gateway.dispatch(GatewayDispatchEvents.GuildRoleDelete, { guildId, intent: GatewayIntentBits.Guilds }, () => ({
      guild_id: guildId,
      role_id: roleId,
    })),
  );
}

export function addMember(
  ctx: SimContext,
  guildId: string,
  userInput: NewUser,
  options: NewMemberOptions = {},
): APIGuildMember {
  const { world } = ctx;
  const guild = world.requireGuild(guildId);
  const existing = userInput.id === undefined ? undefined : world.users.get(userInput.id);
  const userId = existing?.id ?? createUser(ctx, userInput).id;
  if (guild.members.has(userId)) throw new Error(`fake-discord: user ${userId} is already a member of guild ${guildId}`);
  const roleIds = options.roles ?? [];
  requireRoles(guild, roleIds);
  const member: MemberRecord = { userId, nick: options.nick ?? null, roleIds: [...roleIds], joinedAt: options.joinedAt ?? now(ctx) };
  guild.members.set(userId, member);
  whileBotIsIn(ctx, guildId, () =>
    ctx.gateway.dispatch(GatewayDispatchEvents.GuildMemberAdd, { guildId, intent: GatewayIntentBits.GuildMembers }, () => ({
      ...apiMember(world, member),
      guild_id: guildId,
    })),
  );
  return apiMember(world, member);
}

export function updateMember(
  ctx: SimContext,
  guildId: string,
  userId: string,
  patch: { nick?: string | null; roles?: string[] },
): APIGuildMember {
  const { world } = ctx;
  const guild = world.requireGuild(guildId);
  const member = world.requireMember(guildId, userId);
  if (patch.roles !== undefined) {
    requireRoles(guild, patch.roles);
    member.roleIds = [...patch.roles];
  }
  if (patch.nick !== undefined) member.nick = patch.nick;
  // The bot hears about its own member changes without the GUILD_MEMBERS intent.
  const intent = userId === world.botUserId ? GatewayIntentBits.Guilds : GatewayIntentBits.GuildMembers;
  whileBotIsIn(ctx, guildId, () =>
    ctx.gateway.dispatch(GatewayDispatchEvents.GuildMemberUpdate, { guildId, intent }, () => ({
      ...apiMember(world, member),
      avatar: null,
      banner: null,
      guild_id: guildId,
    })),
  );
  return apiMember(world, member);
}

export function removeMember(ctx: SimContext, guildId: string, userId: string): void {
  const { world } = ctx;
  if (userId === world.botUserId) throw new Error('fake-discord: use removeBotFromGuild to remove the bot');
  const guild = world.requireGuild(guildId);
  world.requireMember(guildId, userId);
  guild.members.delete(userId);
  whileBotIsIn(ctx, guildId, () =>
    ctx.gateway.dispatch(GatewayDispatchEvents.GuildMemberRemove, { guildId, intent: GatewayIntentBits.GuildMembers }, () => ({
      guild_id: guildId,
      user: apiUser(world.requireUser(userId)),
    })),
  );
}

/** A user's permissions in a channel, as a decimal string (the form interactions carry). */
export function permissionsString(ctx: SimContext, channelId: string, userId: string): string {
  return channelPermissions(ctx.world, ctx.world.requireChannel(channelId), userId).toString();
}

export function canUserView(ctx: SimContext, channelId: string, userId: string): boolean {
  return has(channelPermissions(ctx.world, ctx.world.requireChannel(channelId), userId), PermissionFlagsBits.ViewChannel);
}

function requireRoles(guild: GuildRecord, roleIds: readonly string[]): void {
  for (const roleId of roleIds) {
    if (!guild.roles.has(roleId)) throw new Error(`fake-discord: guild ${guild.id} has no role ${roleId}`);
    if (roleId === guild.id) throw new Error('fake-discord: @everyone is implicit and cannot be assigned');
  }
}

import {
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  type APIGuild,
  type APIGuildMember,
  type APIGuildMemberNoUser,
  type APIRole,
  type APIUser,
  type GatewayGuildCreateDispatchData,
} from 'discord-api-types/v10';
import type { GuildRecord, MemberRecord, RoleRecord, UserRecord } from '../state/records.js';
import type { World } from '../state/world.js';
import { apiGuildChannel, apiThread } from './channels.js';
import { noFlags } from './flags.js';
import { apiUser } from './users.js';
import { isoTimestamp } from './time.js';


/** The bot's own user as GET /users/@me returns it (a few more fields than other users). */
export function apiCurrentUser(user: UserRecord): APIUser {
  return { ...apiUser(user), bot: true, verified: true, mfa_enabled: false, locale: user.locale, email: null };
}

export function apiMemberNoUser(member: MemberRecord): APIGuildMemberNoUser {
  return {
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: [...member.roleIds],
    joined_at: isoTimestamp(member.joinedAt),
    premium_since: null,
    deaf: false,
    mute: false,
    flags: noFlags(),
    pending: false,
    communication_disabled_until: null,
  };
}

export function apiMember(world: World, member: MemberRecord): APIGuildMember {
  return { ...apiMemberNoUser(member), user: apiUser(world.requireUser(member.userId)) };
}

export function apiRole(role: RoleRecord): APIRole {
  return {
    id: role.id,
    name: role.name,
    color: role.color,
    colors: { primary_color: role.color, secondary_color: null, tertiary_color: null },
    hoist: role.hoist,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: role.permissions.toString(),
    managed: role.managed,
    mentionable: role.mentionable,
    flags: noFlags(),
  };
}

export function apiGuild(guild: GuildRecord): APIGuild {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    region: 'deprecated',
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: [...guild.roles.values()].map(apiRole),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotificationReplies,
    rules_channel_id: null,
    max_presences: null,
    max_members: 25_000_000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: guild.preferredLocale,
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: GuildNSFWLevel.Default,
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
  };
}

/** What a session's identify asked for that shapes GUILD_CREATE. */
export interface GuildCreateViewer {
  presencesIntent: boolean;
  largeThreshold: number;
  canViewThread: (threadId: string) => boolean;
}

/**
 * GUILD_CREATE as Discord sends it. Members follow Discord's documented rule: without GUILD_PRESENCES only the bot
 * itself (and voice members, which the fake has none of); with it, every member of a guild under `large_threshold`,
 * else only members with a role or nickname (the fake has no online status).
 */
export function guildCreatePayload(world: World, guild: GuildRecord, viewer: GuildCreateViewer): GatewayGuildCreateDispatchData {
  const botMember = world.requireMember(guild.id, world.botUserId);
  const memberCount = guild.members.size;
  const large = memberCount > viewer.largeThreshold;
  const members: MemberRecord[] = [];
  for (const member of guild.members.values()) {
    const included =
      member.userId === world.botUserId ||
      (viewer.presencesIntent && (!large || member.roleIds.length > 0 || member.nick !== null));
    if (included) members.push(member);
  }
  return {
    ...apiGuild(guild),
    joined_at: isoTimestamp(botMember.joinedAt),
    large,
    unavailable: false,
    member_count: memberCount,
    voice_states: [],
    members: members.map((member) => apiMember(world, member)),
    channels: world.guildChannels(guild.id).map((channel) => apiGuildChannel(channel, { withGuildId: false })),
    threads: world
      .threadsOf(guild.id)
      .filter((thread) => !thread.archived && viewer.canViewThread(thread.id))
      .map((thread) => apiThread(world, thread)),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/**
 * A guild's settings and setup as plain data, gathered from the database and from Discord as it is now (attune's
 * permissions where each feature needs them). `/settings show` and the message attune sends after joining a server
 * render it (commands/render/settings-overview.ts); the checklist's rules are in src/settings/setup-checklist.ts.
 */
import { ChannelType, PermissionFlagsBits, type Guild, type GuildBasedChannel } from 'discord.js';
import type { Db } from '../db/connection.js';
import { digestSettingsOf } from '../digest/digest-settings-store.js';
import { readEconomyConfig } from '../economy/config.js';
import { appLocale, type AppLocale } from '../i18n/locale.js';
import { utcOffsetLabel } from '../lib/zoned-time.js';
import { contentFeaturesEnabled } from '../privacy/content-features.js';
import { economyEnabled, guildSettingsOf, postLanguage, type GuildSettings } from '../settings/guild-settings.js';
import { setupChecklist, type ChecklistItem, type SetupFacts } from '../settings/setup-checklist.js';
import { FEATURE_PERMISSIONS, inviteUrl, requiredPermissions } from './required-permissions.js';

export interface SettingsOverview {
  guildId: string;
  settings: GuildSettings;
  /** The time zone's current offset, `UTC+01:00`. */
  zoneOffset: string;
  digest: { channelId: string; hour: number; size: number; enabled: boolean } | null;
  announceChannelId: string | null;
  /** The server's primary language (what `auto` follows) and the language attune posts in. */
  serverLanguage: AppLocale;
  postLanguage: AppLocale;
  modelFeatures: boolean;
  messageContentIntent: boolean;
  roleRewards: number;
  checklist: ChecklistItem[];
  /** Re-inviting with this link grants what the enabled features need (the fix for a missing server permission). */
  inviteUrl: string;
}

const RECORDED_TYPES: ReadonlySet<ChannelType> = new Set([
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildForum,
  ChannelType.GuildMedia,
]);

export function collectSettingsOverview(guild: Guild, db: Db, options: { messageContent: boolean; now: number }): SettingsOverview {
  const sqlite = db.$client;
  const settings = guildSettingsOf(sqlite, guild.id);
  const digest = digestSettingsOf(db, guild.id) ?? null;
  const economy = readEconomyConfig(db, guild.id);
  const roleRewards = economy.roleRewards.length;
  const facts: SetupFacts = {
    messageContentIntent: options.messageContent,
    channels: channelFacts(guild),
    digest: digest ? { channelId: digest.channelId, enabled: digest.enabled, canPost: canPost(guild, digest.channelId) } : null,
    announcements: economy.announceChannelId ? { channelId: economy.announceChannelId, canPost: canPost(guild, economy.announceChannelId) } : null,
    economyOn: economyEnabled(settings),
    contestsOn: settings.contestsEnabled,
    sendInThreads: guild.members.me?.permissions.has(FEATURE_PERMISSIONS.threads) ?? false,
    roleRewards: {
      count: roleRewards,
      manageRoles: guild.members.me?.permissions.has(FEATURE_PERMISSIONS.roleRewards) ?? false,
      rolesAbove: rolesAboveAttune(guild, economy.roleRewards.map((reward) => reward.roleId)),
    },
    timeZone: settings.timeZone,
  };
  const applicationId = guild.client.application?.id ?? guild.client.user.id;
  return {
    guildId: guild.id,
    settings,
    zoneOffset: utcOffsetLabel(options.now, settings.timeZone),
    digest: digest ? { channelId: digest.channelId, hour: digest.hour, size: digest.size, enabled: digest.enabled } : null,
    announceChannelId: economy.announceChannelId,
    serverLanguage: appLocale(guild.preferredLocale),
    postLanguage: postLanguage(settings.language, guild.preferredLocale),
    modelFeatures: contentFeaturesEnabled(db, guild.id),
    messageContentIntent: options.messageContent,
    roleRewards,
    checklist: setupChecklist(facts),
    inviteUrl: inviteUrl(applicationId, requiredPermissions({ roleRewards: roleRewards > 0 }), guild.id),
  };
}

/**
 * Where attune introduces itself after joining: the server's system messages channel when it may post there, else
 * the first channel (in the order members see them) where it may. Null when it may post nowhere.
 */
export function setupNoticeChannel(guild: Guild): string | null {
  const system = guild.systemChannel;
  if (system && canPost(guild, system.id)) return system.id;
  const candidates = [...guild.channels.cache.values()]
    .filter((channel) => channel.type === ChannelType.GuildText || channel.type === ChannelType.GuildAnnouncement)
    .sort((a, b) => ('rawPosition' in a && 'rawPosition' in b ? a.rawPosition - b.rawPosition : 0) || (a.id < b.id ? -1 : 1));
  return candidates.find((channel) => canPost(guild, channel.id))?.id ?? null;
}

/** Whether attune may post a message with an embed in the channel (or thread) now. */
export function canPost(guild: Guild, channelId: string): boolean {
  const channel = guild.channels.cache.get(channelId);
  const me = guild.members.me;
  if (!channel || !me) return false;
  const permissions = channel.permissionsFor(me);
  const send = channel.isThread() ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
  return permissions.has(PermissionFlagsBits.ViewChannel | PermissionFlagsBits.EmbedLinks | send);
}

function channelFacts(guild: Guild): SetupFacts['channels'] {
  const me = guild.members.me;
  let readable = 0;
  let hidden = 0;
  const noHistory: string[] = [];
  const recorded = [...guild.channels.cache.values()].filter((channel): channel is GuildBasedChannel => RECORDED_TYPES.has(channel.type));
  for (const channel of recorded) {
    const permissions = me ? channel.permissionsFor(me) : null;
    if (!permissions?.has(PermissionFlagsBits.ViewChannel)) hidden++;
    else if (!permissions.has(PermissionFlagsBits.ReadMessageHistory)) noHistory.push(channel.name);
    else readable++;
  }
  return { readable, noHistory: noHistory.sort(), hidden };
}

/** Reward roles attune cannot give: at or above its own highest role (Discord's role hierarchy). */
function rolesAboveAttune(guild: Guild, roleIds: readonly string[]): string[] {
  const highest = guild.members.me?.roles.highest;
  if (!highest) return [];
  return roleIds.filter((id) => {
    const role = guild.roles.cache.get(id);
    return role !== undefined && role.comparePositionTo(highest) >= 0;
  });
}

/**
 * The Discord permissions attune needs, per feature, and the invite link that grants exactly those. The setup
 * checklist (settings overview, the message after joining a server) and `attune invite` read them from here, so
 * what attune asks for and what it checks are the same list.
 *
 * Not asked for: Attach Files and Add Reactions (attune's files and buttons are interaction answers, which need no
 * channel permission, and it never reacts itself), Manage Messages (attune never deletes), anything administrative.
 */
import { OAuth2Scopes, PermissionFlagsBits, PermissionsBitField } from 'discord.js';

export const FEATURE_PERMISSIONS = {
  /** Recording: seeing a channel and reading its history (the start-up backfill after downtime). */
  recording: PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory,
  /** The community digest and announcements: a message with an embed in a channel. */
  posting: PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks,
  /** Contests and announcements in threads and forum posts. */
  threads: PermissionFlagsBits.SendMessagesInThreads,
  /** Role rewards (only when the economy grants roles). */
  roleRewards: PermissionFlagsBits.ManageRoles,
} as const;

export interface EnabledFeatures {
  /** Some server gives roles at point thresholds. */
  roleRewards: boolean;
}

/** Everything the enabled features need, as one bit set. */
export function requiredPermissions(features: EnabledFeatures): bigint {
  return (
    FEATURE_PERMISSIONS.recording |
    FEATURE_PERMISSIONS.posting |
    FEATURE_PERMISSIONS.threads |
    (features.roleRewards ? FEATURE_PERMISSIONS.roleRewards : 0n)
  );
}

/** Permission names as Discord's developer portal lists them (English; for the command line). */
export function permissionNames(bits: bigint): string[] {
  return new PermissionsBitField(bits).toArray();
}

/**
 * The OAuth2 link that adds the bot with these permissions. Opening it again in a server attune is already in
 * updates its role to these permissions: the one-click fix for a permission that is missing.
 */
export function inviteUrl(applicationId: string, permissions: bigint, guildId?: string): string {
  const url = new URL('https://discord.com/oauth2/authorize');
  url.searchParams.set('client_id', applicationId);
  url.searchParams.set('scope', [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '));
  url.searchParams.set('permissions', permissions.toString());
  if (guildId !== undefined) {
    url.searchParams.set('guild_id', guildId);
    url.searchParams.set('disable_guild_select', 'true');
  }
  return url.toString();
}

/** What announcements need to know of a guild on Discord: the language to post in, and links to its posts. */
import type Database from 'better-sqlite3';
import type { Client } from 'discord.js';
import { guildQueries } from '../db/queries/guilds.js';
import { appLocale, type AppLocale } from '../i18n/locale.js';

/**
 * The language of a guild's channel posts: its preferred locale as the gateway reports it now (an admin may change it
 * at any time; discord.js keeps the cached guild current), else as recorded when the guild was last synced.
 */
export function guildLocale(client: Client, sqlite: Database.Database, guildId: string): AppLocale {
  const live = client.guilds.cache.get(guildId)?.preferredLocale;
  if (live) return appLocale(live);
  return appLocale(guildQueries(sqlite).guild(guildId)?.preferredLocale);
}

/** A recorded post's jump link (in its thread when it has one); the bare id when the post is not recorded. */
export function postJumpLink(sqlite: Database.Database, guildId: string, postId: string): string {
  const row = guildQueries(sqlite).postPlace(postId);
  return row ? `https://discord.com/channels/${guildId}/${row.threadId ?? row.channelId}/${postId}` : postId;
}

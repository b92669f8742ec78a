/**
 * A guild's settings as the features use them: its one time zone, the language of its channel posts, and the
 * economy, contests and snippet switches. Changes come from `/settings` (admins); every change is one write, and a
 * guild attune has not recorded yet cannot have settings.
 */
import type Database from 'better-sqlite3';
import { settingsQueries, type GuildSettings } from '../db/queries/settings.js';
import type { GuildLanguage } from '../db/schema-settings.js';
import { appLocale, type AppLocale } from '../i18n/locale.js';
import { isValidTimeZone } from '../lib/zoned-time.js';

export type { GuildSettings };

export type SettingsChange =
  | { kind: 'time-zone'; timeZone: string }
  | { kind: 'language'; language: GuildLanguage }
  | { kind: 'economy'; enabled: boolean }
  | { kind: 'contests'; enabled: boolean }
  | { kind: 'snippets'; enabled: boolean };

export type SettingsChangeOutcome = 'saved' | 'unknown-guild' | 'invalid-time-zone';

export function guildSettingsOf(sqlite: Database.Database, guildId: string): GuildSettings {
  return settingsQueries(sqlite).get(guildId);
}

export function guildTimeZone(sqlite: Database.Database, guildId: string): string {
  return settingsQueries(sqlite).timeZone(guildId);
}

/** Whether the points economy runs in the guild (and from when it pays activity). */
export function economyEnabled(settings: GuildSettings): boolean {
  return settings.economyOnSince !== null;
}

/**
 * The language of the guild's channel posts: the admin's choice, or with `auto` the server's primary language as
 * Discord reports it (`preferredLocale`).
 */
export function postLanguage(language: GuildLanguage, preferredLocale: string | null | undefined): AppLocale {
  return language === 'auto' ? appLocale(preferredLocale) : language;
}

/**
 * Applies one change. Turning the economy on starts it paying from `at` (activity while it was off earns nothing);
 * turning it on while on changes nothing.
 */
export function changeGuildSettings(sqlite: Database.Database, guildId: string, change: SettingsChange, at: number): SettingsChangeOutcome {
  const queries = settingsQueries(sqlite);
  switch (change.kind) {
    case 'time-zone':
      if (!isValidTimeZone(change.timeZone)) return 'invalid-time-zone';
      return queries.update(guildId, { timeZone: change.timeZone }, at) ? 'saved' : 'unknown-guild';
    case 'language':
      return queries.update(guildId, { language: change.language }, at) ? 'saved' : 'unknown-guild';
    case 'economy': {
      const current = queries.get(guildId).economyOnSince;
      const economyOnSince = change.enabled ? (current ?? at) : null;
      return queries.update(guildId, { economyOnSince }, at) ? 'saved' : 'unknown-guild';
    }
    case 'contests':
      return queries.update(guildId, { contestsEnabled: change.enabled }, at) ? 'saved' : 'unknown-guild';
    case 'snippets':
      return queries.update(guildId, { snippets: change.enabled }, at) ? 'saved' : 'unknown-guild';
  }
}

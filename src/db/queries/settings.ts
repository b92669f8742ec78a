/**
 * A guild's settings (guild_settings): read with every default filled in, so callers never see a missing row, and
 * changed field by field. Only a guild attune recorded can have settings (the write names the guild row).
 */
import { eq, sql } from 'drizzle-orm';
import { guildSettings, type GuildLanguage, type GuildSettingsRow } from '../schema.js';
import { perConnection } from './per-connection.js';

export type GuildSettings = Omit<GuildSettingsRow, 'guildId' | 'updatedAt'>;

export const DEFAULT_GUILD_SETTINGS: GuildSettings = {
  timeZone: 'UTC',
  language: 'auto',
  economyOnSince: 0,
  contestsEnabled: true,
  snippets: true,
};

export type GuildSettingsPatch = Partial<GuildSettings>;

export const settingsQueries = perConnection((sqlite, db) => {
  const byGuild = db.select().from(guildSettings).where(eq(guildSettings.guildId, sql.placeholder('guildId'))).prepare();
  const guildKnown = sqlite.prepare<[guildId: string], number>(`SELECT 1 FROM guilds WHERE id = ?`).pluck();
  const zones = db.select({ guildId: guildSettings.guildId, timeZone: guildSettings.timeZone }).from(guildSettings).prepare();

  const get = (guildId: string): GuildSettings => {
    const row = byGuild.get({ guildId });
    if (!row) return DEFAULT_GUILD_SETTINGS;
    const { guildId: _guild, updatedAt: _updated, ...settings } = row;
    return settings;
  };

  return {
    get,
    timeZone: (guildId: string): string => get(guildId).timeZone,
    language: (guildId: string): GuildLanguage => get(guildId).language,
    /** Guilds whose time zone is not UTC (the rest are UTC). */
    timeZones: (): Map<string, string> => new Map(zones.all().map((row) => [row.guildId, row.timeZone])),
    /** Applies the patch over the current settings; false (nothing written) when the guild is not recorded. */
    update(guildId: string, patch: GuildSettingsPatch, at: number): boolean {
      if (!guildKnown.get(guildId)) return false;
      const next = { ...get(guildId), ...patch };
      db.insert(guildSettings)
        .values({ guildId, ...next, updatedAt: at })
        .onConflictDoUpdate({ target: guildSettings.guildId, set: { ...next, updatedAt: at } })
        .run();
      return true;
    },
  };
});

export type SettingsQueries = ReturnType<typeof settingsQueries>;

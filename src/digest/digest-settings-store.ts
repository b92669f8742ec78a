/** Digest configuration: the guild's (admin) and each member's own choice. */
import type { Db } from '../db/connection.js';
import { digestQueries } from '../db/queries/digest.js';
import type { DigestMode, DigestSettings } from '../db/schema-recommend.js';
import { localTime } from '../lib/zoned-time.js';
import { guildTimeZone } from '../settings/guild-settings.js';

export interface DigestSetup {
  guildId: string;
  enabled: boolean;
  channelId: string;
  hour: number;
  size: number;
  updatedBy: string;
}

export function digestSettingsOf(db: Db, guildId: string): DigestSettings | undefined {
  return digestQueries(db.$client).settings(guildId);
}

/**
 * Saves the guild's digest setup. When today's hour has already passed in the guild's time zone, today counts as
 * done: the first digest goes out at the next occurrence of the hour, not the minute the admin saves.
 */
export function saveDigestSetup(db: Db, setup: DigestSetup, now: number): DigestSettings {
  const previous = digestSettingsOf(db, setup.guildId);
  const row = { ...setup, lastRunDay: lastRunDayAfterChange(db, setup.guildId, setup.hour, previous?.lastRunDay ?? null, now), updatedAt: now };
  digestQueries(db.$client).saveSettings(row);
  return row;
}

/**
 * After the guild's time zone changed: if the digest hour has already passed today in the new zone, today counts
 * as done (the digest does not go out the minute the zone is saved; a day never runs twice either way).
 */
export function settleDigestDayAfterZoneChange(db: Db, guildId: string, now: number): void {
  const settings = digestSettingsOf(db, guildId);
  if (!settings) return;
  const lastRunDay = lastRunDayAfterChange(db, guildId, settings.hour, settings.lastRunDay, now);
  if (lastRunDay !== settings.lastRunDay) digestQueries(db.$client).saveSettings({ ...settings, lastRunDay });
}

function lastRunDayAfterChange(db: Db, guildId: string, hour: number, lastRunDay: string | null, now: number): string | null {
  const local = localTime(now, guildTimeZone(db.$client, guildId));
  const passed = local.hour >= hour ? local.day : null;
  return [lastRunDay, passed].filter((d): d is string => d !== null).sort().at(-1) ?? null;
}

export function digestModeOf(db: Db, guildId: string, memberId: string): { mode: DigestMode; dmClosed: boolean } {
  const row = digestQueries(db.$client).preference(guildId, memberId);
  return { mode: row?.mode ?? 'channel', dmClosed: row?.dmClosedAt != null };
}

/**
 * The member's own choice; choosing DM again clears an earlier "DMs closed" mark (they may have opened them).
 * `locale` is their client's Discord locale at that moment, the language their DM digests are written in.
 */
export function saveDigestMode(db: Db, guildId: string, memberId: string, mode: DigestMode, now: number, locale: string | null = null): void {
  digestQueries(db.$client).savePreference({ guildId, memberId, mode, dmClosedAt: null, locale, updatedAt: now });
}

/** Discord answered 50007: stop DM digests for this member until they choose DM again. */
export function markDmClosed(db: Db, guildId: string, memberId: string, now: number): void {
  digestQueries(db.$client).markDmClosed(guildId, memberId, now);
}

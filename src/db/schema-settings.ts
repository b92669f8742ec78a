/**
 * A guild's own settings, one row per guild (absent: every default): the one time zone every "day" of the guild is
 * counted in (digest hour, daily caps, streaks, leaderboard weeks and months, contest dates, /stats days), the
 * language of attune's channel posts, whether the points economy and contests run, and whether digests and
 * /recommend show a first-line snippet of posts when message text is stored. Changed with `/settings`.
 */
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { guilds } from './schema-activity.js';

/** `auto`: the server's primary language (Server Settings → Community), as Discord reports it. */
export const GUILD_LANGUAGES = ['auto', 'en', 'zh-CN'] as const;
export type GuildLanguage = (typeof GUILD_LANGUAGES)[number];

export const guildSettings = sqliteTable('guild_settings', {
  guildId: text('guild_id')
    .primaryKey()
    .references(() => guilds.id, { onDelete: 'cascade' }),
  /** IANA time zone name. */
  timeZone: text('time_zone').notNull().default('UTC'),
  language: text('language', { enum: GUILD_LANGUAGES }).notNull().default('auto'),
  /**
   * When the points economy was last turned on: it pays activity from that moment (0: since the beginning, the
   * default). Null while it is off: nothing is recorded in the ledger, nothing is announced.
   */
  economyOnSince: integer('economy_on_since').default(0),
  contestsEnabled: integer('contests_enabled', { mode: 'boolean' }).notNull().default(true),
  /** First-line snippets of posts in digests and /recommend (only ever where message text is stored). */
  snippets: integer('snippets', { mode: 'boolean' }).notNull().default(true),
  updatedAt: integer('updated_at').notNull(),
});

export type GuildSettingsRow = typeof guildSettings.$inferSelect;

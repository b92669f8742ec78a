import type Database from 'better-sqlite3';

/** guilds.content_features on a raw connection (the quality jobs read with prepared statements, not drizzle). */
export function contentFeaturesEnabledRaw(sqlite: Database.Database, guildId: string): boolean {
  const row = sqlite.prepare('SELECT content_features AS on_ FROM guilds WHERE id = ?').get(guildId) as { on_: number } | undefined;
  return row?.on_ === 1;
}

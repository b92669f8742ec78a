/**
 * Guild-level reads several features share: which guilds attune is in or recorded, whether it ever recorded one, its
 * name and language, where a recorded post lives. (Writes to `guilds` belong to ingest.)
 */
import { asc, eq, isNull, sql } from 'drizzle-orm';
import { guilds, posts } from '../schema.js';
import { perConnection } from './per-connection.js';

export const guildQueries = perConnection((_sqlite, db) => {
  const present = db.select({ id: guilds.id }).from(guilds).where(isNull(guilds.leftAt)).orderBy(asc(guilds.id)).prepare();
  const byId = db
    .select({ name: guilds.name, preferredLocale: guilds.preferredLocale })
    .from(guilds)
    .where(eq(guilds.id, sql.placeholder('id')))
    .prepare();
  const recorded = db.select({ id: guilds.id, name: guilds.name }).from(guilds).orderBy(asc(guilds.name), asc(guilds.id)).prepare();
  const postPlace = db
    .select({ channelId: posts.channelId, threadId: posts.threadId })
    .from(posts)
    .where(eq(posts.id, sql.placeholder('id')))
    .prepare();
  return {
    /** Guilds attune is in (not removed), by id. */
    presentGuildIds: (): string[] => present.all().map((g) => g.id),
    /** Whether attune recorded the guild (the gateway or an import). */
    isRecorded: (guildId: string): boolean => byId.get({ id: guildId }) !== undefined,
    guild: (guildId: string): { name: string; preferredLocale: string } | undefined => byId.get({ id: guildId }),
    /** Every guild recorded (present or removed), by name then id: what the CLI offers to evaluate. */
    recordedGuilds: (): { id: string; name: string }[] => recorded.all(),
    /** The channel and thread of a recorded post. */
    postPlace: (postId: string): { channelId: string; threadId: string | null } | undefined => postPlace.get({ id: postId }),
  };
});

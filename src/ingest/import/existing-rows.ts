/** ExistingRows backed by the database: point lookups through prepared statements, cached per import. */
import type Database from 'better-sqlite3';
import type { ChannelKind } from '../../db/schema.js';
import type { ExistingRows, StoredChannel, StoredGuild, StoredMember, StoredPost } from './types.js';

export function sqliteExistingRows(sqlite: Database.Database): ExistingRows {
  const guildStmt = sqlite.prepare(
    `SELECT name, owner_id AS ownerId, preferred_locale AS preferredLocale FROM guilds WHERE id = ?`,
  );
  const channelStmt = sqlite.prepare(
    `SELECT guild_id AS guildId, parent_id AS parentId, name, kind, nsfw, archived FROM channels WHERE id = ?`,
  );
  const memberStmt = sqlite.prepare(
    `SELECT username, display_name AS displayName, is_bot AS isBot, joined_at AS joinedAt
     FROM members WHERE guild_id = ? AND user_id = ?`,
  );
  const postStmt = sqlite.prepare(
    `SELECT guild_id AS guildId, channel_id AS channelId, thread_id AS threadId, author_id AS authorId,
       created_at AS createdAt, content, source FROM posts WHERE id = ?`,
  );
  const postSourceStmt = sqlite.prepare(`SELECT source FROM posts WHERE id = ?`).pluck();
  const guilds = new Map<string, StoredGuild | undefined>();
  const channels = new Map<string, StoredChannel | undefined>();
  const members = new Map<string, StoredMember | undefined>();

  return {
    guild(id) {
      if (!guilds.has(id)) guilds.set(id, guildStmt.get(id) as StoredGuild | undefined);
      return guilds.get(id);
    },
    channel(id) {
      if (!channels.has(id)) {
        const row = channelStmt.get(id) as
          | { guildId: string; parentId: string | null; name: string; kind: ChannelKind; nsfw: number; archived: number }
          | undefined;
        channels.set(id, row === undefined ? undefined : { ...row, nsfw: row.nsfw === 1, archived: row.archived === 1 });
      }
      return channels.get(id);
    },
    member(guildId, userId) {
      const key = `${guildId}:${userId}`;
      if (!members.has(key)) {
        const row = memberStmt.get(guildId, userId) as (Omit<StoredMember, 'isBot'> & { isBot: number }) | undefined;
        members.set(key, row === undefined ? undefined : { ...row, isBot: row.isBot === 1 });
      }
      return members.get(key);
    },
    // Posts are looked up once each, so caching them would only cost memory.
    post(id) {
      return postStmt.get(id) as StoredPost | undefined;
    },
    postSource(id) {
      return postSourceStmt.get(id) as StoredPost['source'] | undefined;
    },
  };
}

/** ExistingRows backed by the database: point lookups through prepared statements, cached per import. */
import type Database from 'better-sqlite3';
import { ingestQueries } from '../../db/queries/ingest.js';
import type { ExistingRows, StoredChannel, StoredGuild, StoredMember } from './types.js';

export function sqliteExistingRows(sqlite: Database.Database): ExistingRows {
  const queries = ingestQueries(sqlite);
  const guilds = new Map<string, StoredGuild | undefined>();
  const channels = new Map<string, StoredChannel | undefined>();
  const members = new Map<string, StoredMember | undefined>();

  return {
    guild(id) {
      if (!guilds.has(id)) guilds.set(id, queries.storedGuild(id));
      return guilds.get(id);
    },
    channel(id) {
      if (!channels.has(id)) channels.set(id, queries.storedChannel(id));
      return channels.get(id);
    },
    member(guildId, userId) {
      const key = `${guildId}:${userId}`;
      if (!members.has(key)) members.set(key, queries.storedMember(guildId, userId));
      return members.get(key);
    },
    // Posts are looked up once each, so caching them would only cost memory.
    post(id) {
      return queries.storedPost(id);
    },
    postSource(id) {
      return queries.storedPostSource(id);
    },
  };
}

import { GatewayIntentBits, type GatewayGuildMembersChunkDispatchData } from 'discord-api-types/v10';
import type { GuildRecord, MemberRecord } from '../state/records.js';
import type { World } from '../state/world.js';
import { apiMember } from '../payloads/guilds.js';

const MEMBERS_PER_CHUNK = 1000;

/** The op 8 request as the fake reads it (discord.js always sends guild_id, nonce, limit and query or user_ids). */
export interface MemberRequest {
  guildId: string;
  query: string | null;
  limit: number;
  userIds: string[] | null;
  presences: boolean;
  nonce: string | undefined;
}

/**
 * Answers REQUEST_GUILD_MEMBERS the way Discord documents: user_ids (up to 100) come back with `not_found` for
 * strangers; a query matches the start of username or nickname, at most `limit` (max 100) members; an empty query
 * with limit 0 means every member and needs the GUILD_MEMBERS intent, else the answer is one empty chunk.
 * Members come in chunks of up to 1000.
 */
export function memberChunks(world: World, guild: GuildRecord, request: MemberRequest, intents: number): GatewayGuildMembersChunkDispatchData[] {
  const hasMembersIntent = (intents & GatewayIntentBits.GuildMembers) !== 0;
  let members: MemberRecord[];
  let notFound: string[] = [];
  if (request.userIds !== null) {
    const ids = request.userIds.slice(0, 100);
    members = ids.flatMap((id) => {
      const member = guild.members.get(id);
      return member ? [member] : [];
    });
    notFound = ids.filter((id) => !guild.members.has(id));
  } else {
    const query = (request.query ?? '').toLowerCase();
    const wantsEveryone = query === '';
    if (wantsEveryone && !hasMembersIntent) {
      members = [];
    } else {
      const limit = wantsEveryone ? request.limit : Math.min(request.limit || 100, 100);
      const matching = [...guild.members.values()].filter((member) => {
        if (wantsEveryone) return true;
        const user = world.requireUser(member.userId);
        return user.username.toLowerCase().startsWith(query) || (member.nick ?? '').toLowerCase().startsWith(query);
      });
      members = limit > 0 ? matching.slice(0, limit) : matching;
    }
  }

  const chunkCount = Math.max(1, Math.ceil(members.length / MEMBERS_PER_CHUNK));
  const chunks: GatewayGuildMembersChunkDispatchData[] = [];
  for (let index = 0; index < chunkCount; index++) {
    const slice = members.slice(index * MEMBERS_PER_CHUNK, (index + 1) * MEMBERS_PER_CHUNK);
    chunks.push({
      guild_id: guild.id,
      members: slice.map((member) => apiMember(world, member)),
      chunk_index: index,
      chunk_count: chunkCount,
      ...(index === 0 && request.userIds !== null ? { not_found: notFound } : {}),
      ...(request.presences && (intents & GatewayIntentBits.GuildPresences) !== 0 ? { presences: [] } : {}),
      ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
    });
  }
  return chunks;
}

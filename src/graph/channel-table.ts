/** The channel table of a snapshot: channels that existed before `at` or hold one of its posts. */
import type Database from 'better-sqlite3';
import type { ChannelTable } from './snapshot.js';
import { compareSnowflakes } from '../lib/snowflake.js';

const THREAD_KINDS = new Set(['public_thread', 'private_thread', 'announcement_thread']);
const FORUM_KINDS = new Set(['forum', 'media']);

/** Codes of ChannelTable.kind. */
export const CHANNEL_KIND_CODE = { text: 0, forum: 1, thread: 2, forumPost: 3, other: 4 } as const;

interface ChannelRow {
  id: string;
  kind: string;
  parentId: string | null;
  nsfw: number;
}

export interface ChannelIndex {
  table: ChannelTable;
  indexOf: Map<string, number>;
}

/** `referenced`: channel and thread ids the snapshot's posts use (kept even if their channel row is missing). */
export function loadChannels(sqlite: Database.Database, guildId: string, at: number, referenced: Set<string>): ChannelIndex {
  const rows = sqlite
    .prepare(`SELECT id, kind, parent_id AS parentId, nsfw, created_at AS createdAt FROM channels WHERE guild_id = ?`)
    .all(guildId) as (ChannelRow & { createdAt: number })[];
  const byId = new Map<string, ChannelRow>();
  for (const row of rows) if (row.createdAt < at || referenced.has(row.id)) byId.set(row.id, row);
  for (const id of referenced) if (!byId.has(id)) byId.set(id, { id, kind: 'other', parentId: null, nsfw: 0 });

  const ids = [...byId.keys()].sort(compareSnowflakes);
  const indexOf = new Map(ids.map((id, i) => [id, i]));
  const kind = new Uint8Array(ids.length);
  const parent = new Int32Array(ids.length).fill(-1);
  const nsfw = new Uint8Array(ids.length);
  ids.forEach((id, i) => {
    const row = byId.get(id) as ChannelRow;
    nsfw[i] = row.nsfw ? 1 : 0;
    if (THREAD_KINDS.has(row.kind)) {
      const parentRow = row.parentId === null ? undefined : byId.get(row.parentId);
      parent[i] = row.parentId === null ? -1 : (indexOf.get(row.parentId) ?? -1);
      kind[i] = parentRow && FORUM_KINDS.has(parentRow.kind) ? CHANNEL_KIND_CODE.forumPost : CHANNEL_KIND_CODE.thread;
    } else if (FORUM_KINDS.has(row.kind)) kind[i] = CHANNEL_KIND_CODE.forum;
    else if (row.kind === 'text' || row.kind === 'announcement') kind[i] = CHANNEL_KIND_CODE.text;
    else kind[i] = CHANNEL_KIND_CODE.other;
  });
  return { table: { ids, kind, parent, nsfw }, indexOf };
}

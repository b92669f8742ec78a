/** Loads a generated community (src/demo/community.ts) into a test database through the JSONL importer. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseHandle } from '../../src/db/connection.js';
import { importPath } from '../../src/ingest/import/index.js';
import { generateCommunity, type CommunityOptions } from '../../src/demo/community.js';
import { communityToJsonl } from '../../src/demo/community-jsonl.js';

export const COMMUNITY_GUILD = '900000000000000001';

export function importCommunity(
  handle: DatabaseHandle,
  dir: string,
  options: CommunityOptions & { guildId?: string; idSpace?: number } = {},
): { guildId: string; posts: number; reactions: number } {
  const guildId = options.guildId ?? COMMUNITY_GUILD;
  const community = generateCommunity({ seed: 3, members: 30, days: 10, postsPerDay: 40, ...options });
  const file = join(dir, `community-${guildId}.jsonl`);
  writeFileSync(file, communityToJsonl(community, { guildId, ...(options.idSpace ? { idSpace: options.idSpace } : {}) }).join('\n') + '\n');
  // As a bot with the Message Content intent would have recorded it.
  const summary = importPath(handle, file, { keepContent: true });
  return { guildId, posts: summary.added.posts, reactions: summary.added.reactions };
}

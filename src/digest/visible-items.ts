/** The send-time re-check: a digest item is shown only if its post still exists and the reader may see it now. */
import type Database from 'better-sqlite3';
import type { MemberAccess } from '../recommend/channel-access.js';
import { databasePostState } from '../recommend/live-post-state.js';
import type { DigestItem } from './digest-items.js';

export function visibleItems(sqlite: Database.Database, access: MemberAccess, items: readonly DigestItem[]): DigestItem[] {
  const deleted = databasePostState(sqlite).deletedAmong(items.map((item) => item.postId));
  return items.filter((item) => !deleted.has(item.postId) && access.canView(item.channelId, item.threadId) && !access.isNsfw(item.channelId));
}

/**
 * The send-time filters: what every sender of stored items checks at the moment it sends — "Show my picks" (the
 * stored personal digest, pressed any number of times), DM digests (first attempt or a retry), the community digest,
 * anything that shows again what was composed earlier. They are the pipeline's filters whose answer can change after
 * composing and that matter for privacy and moderation: the post still exists, moderators have not confirmed it low
 * quality, its author has not opted out (or been erased), and the reader may still see its channel or thread and is
 * not shown an age-restricted one. One list, read top to bottom, cheapest first: a filter added here holds for every
 * sender (RecommendService.showableNow).
 */
import type { DigestItem } from '../../db/json-types.js';
import type { MemberAccess } from '../channel-access.js';
import type { ModerationVerdict } from '../pipeline/types.js';

/** What the filters read, all of it as it is now. */
export interface SendTimeContext {
  /** The reader's access now (a member, or everyone for the community digest). */
  reader: MemberAccess;
  /** Items' posts that are deleted or gone. */
  deleted: ReadonlySet<string>;
  /** Moderation's verdicts on the items' posts ('drop': confirmed low quality). */
  verdicts: ReadonlyMap<string, ModerationVerdict>;
  /** Members of the guild who opted out (erased members stay opted out). */
  optedOutMembers: ReadonlySet<string>;
}

export interface SendTimeFilter {
  readonly name: string;
  keeps(item: DigestItem, ctx: SendTimeContext): boolean;
}

export const SEND_TIME_FILTERS: readonly SendTimeFilter[] = [
  { name: 'deleted', keeps: (item, ctx) => !ctx.deleted.has(item.postId) },
  { name: 'moderation', keeps: (item, ctx) => ctx.verdicts.get(item.postId) !== 'drop' },
  { name: 'opted_out_author', keeps: (item, ctx) => item.authorId === null || !ctx.optedOutMembers.has(item.authorId) },
  { name: 'no_permission', keeps: (item, ctx) => ctx.reader.canView(item.channelId, item.threadId) },
  { name: 'nsfw', keeps: (item, ctx) => !ctx.reader.isNsfw(item.channelId) },
];

/** The items every send-time filter keeps, in their order. */
export function keptAtSendTime<T extends DigestItem>(items: readonly T[], ctx: SendTimeContext): T[] {
  return items.filter((item) => SEND_TIME_FILTERS.every((filter) => filter.keeps(item, ctx)));
}

/**
 * The review queue as the moderator asking sees it: only flagged posts in channels and threads they may view now,
 * shared by /flags and its buttons. Someone who is not in the guild (any more) sees an empty queue.
 */
import type { CommandContext } from '../../src/discord/interactions/types.js';
import type { ReviewQueue } from '../../src/moderation/moderation-service.js';
import { withSettledAccess } from '../../src/recommend/channel-access.js';

const EMPTY: ReviewQueue = { total: 0, caseAt: () => null, includes: () => false };

export async function reviewQueueOf(ctx: CommandContext, guildId: string, moderatorId: string): Promise<ReviewQueue> {
  const access = await ctx.services.access.forMember(guildId, moderatorId);
  if (!access) return EMPTY;
  return withSettledAccess(access, () => ctx.services.moderation.queueFor(guildId, (channelId, threadId) => access.canView(channelId, threadId)));
}

/**
 * Discord Developer Policy #3 (respect opt-outs): once a member opts out in a guild, nothing they do there is
 * recorded any more — their posts, reactions, thread ownership and profile updates are dropped, and others'
 * mentions of and replies to them lose the link to them. Removals and deletions still pass (they only shrink what
 * is stored), and so does their leaving (retention is measured from it). Pure: the store applies it to each op of
 * a batch inside the batch's transaction (activity-store.ts, which also handles what needs a lookup: edits of their
 * earlier posts, thread partners).
 */
import type { IsOptedOut } from '../db/queries/opt-outs.js';
import type { IngestOp } from './records.js';

export type { IsOptedOut };

/** The op with the opted-out members' part removed, or null when nothing of it may be recorded. */
export function withoutOptedOutMembers(op: IngestOp, isOptedOut: IsOptedOut): IngestOp | null {
  switch (op.kind) {
    case 'member':
      return isOptedOut(op.member.guildId, op.member.userId) ? null : op;
    case 'post': {
      const { post } = op;
      if (isOptedOut(post.guildId, post.authorId)) return null;
      const mentioned = post.mentionedUserIds.filter((id) => !isOptedOut(post.guildId, id));
      const replyTargetOptedOut = post.replyToAuthorId !== null && isOptedOut(post.guildId, post.replyToAuthorId);
      if (mentioned.length === post.mentionedUserIds.length && !replyTargetOptedOut) return op;
      return { kind: 'post', post: { ...post, mentionedUserIds: mentioned, replyToAuthorId: replyTargetOptedOut ? null : post.replyToAuthorId } };
    }
    case 'reactionAdded':
      return isOptedOut(op.reaction.guildId, op.reaction.userId) ? null : op;
    case 'reactionSet': {
      const userIds = op.userIds.filter((id) => !isOptedOut(op.guildId, id));
      return userIds.length === op.userIds.length ? op : { ...op, userIds };
    }
    case 'channel':
      return op.channel.ownerId !== null && isOptedOut(op.channel.guildId, op.channel.ownerId)
        ? { ...op, channel: { ...op.channel, ownerId: null } }
        : op;
    default:
      return op;
  }
}

/**
 * Discord Developer Policy #3 (respect opt-outs): once a member opts out in a guild, nothing they do there is
 * recorded any more — their posts, reactions, thread ownership and profile updates are dropped, and others'
 * mentions of and replies to them lose the link to them; where others' words or a thread's name hold their id
 * (`<@id>`, `<@!id>`, the bare id), it is stored as WITHHELD_MEMBER_ID instead (a re-read of history after an
 * erasure must not bring the id back into others' rows). Removals and deletions still pass (they only shrink what
 * is stored), and so does their leaving (retention is measured from it). Pure: the store applies it to each op of
 * a batch inside the batch's transaction (activity-store.ts, which also handles what needs a lookup: edits of their
 * earlier posts, thread partners).
 */
import type { IsOptedOut } from '../db/queries/opt-outs.js';
import type { IngestOp } from './records.js';

export type { IsOptedOut };

/** What others' text holds instead of an opted-out member's id. */
export const WITHHELD_MEMBER_ID = 'opted-out-member';

/** A Discord id standing on its own (not part of a longer number). */
const SNOWFLAKE = /(?<!\d)\d{17,20}(?!\d)/g;

/** The text with every opted-out member's id replaced; the same string when it names none. */
export function withoutOptedOutIds<T extends string | null | undefined>(text: T, guildId: string, isOptedOut: IsOptedOut): T {
  if (!text) return text;
  return text.replace(SNOWFLAKE, (id) => (isOptedOut(guildId, id) ? WITHHELD_MEMBER_ID : id)) as T;
}

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
      const content = withoutOptedOutIds(post.content, post.guildId, isOptedOut);
      if (mentioned.length === post.mentionedUserIds.length && !replyTargetOptedOut && content === post.content) return op;
      return {
        kind: 'post',
        post: { ...post, content, mentionedUserIds: mentioned, replyToAuthorId: replyTargetOptedOut ? null : post.replyToAuthorId },
      };
    }
    case 'reactionAdded':
      return isOptedOut(op.reaction.guildId, op.reaction.userId) ? null : op;
    case 'reactionSet': {
      const userIds = op.userIds.filter((id) => !isOptedOut(op.guildId, id));
      return userIds.length === op.userIds.length ? op : { ...op, userIds };
    }
    case 'channel': {
      const { channel } = op;
      const ownerOptedOut = channel.ownerId !== null && isOptedOut(channel.guildId, channel.ownerId);
      const name = withoutOptedOutIds(channel.name, channel.guildId, isOptedOut);
      if (!ownerOptedOut && name === channel.name) return op;
      return { ...op, channel: { ...channel, name, ownerId: ownerOptedOut ? null : channel.ownerId } };
    }
    default:
      return op;
  }
}

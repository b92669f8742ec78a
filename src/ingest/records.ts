/**
 * What the ingest layer writes, independent of where it came from (gateway event, history backfill, import).
 * Mappers in this folder turn each source's payloads into these; ActivityStore turns these into rows.
 */
import type { ChannelKind, MediaKind } from '../db/schema.js';

export type PostSource = 'gateway' | 'backfill' | 'import';

export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string | null;
  preferredLocale: string;
}

export interface ChannelRecord {
  id: string;
  guildId: string;
  parentId: string | null;
  name: string;
  kind: ChannelKind;
  nsfw: boolean;
  ownerId: string | null;
  archived: boolean;
  createdAt: number;
}

export interface MemberRecord {
  guildId: string;
  userId: string;
  username: string;
  displayName: string | null;
  isBot: boolean;
  joinedAt: number | null;
}

export interface PostRecord {
  id: string;
  guildId: string;
  /** Top-level channel; for a thread message, the thread's parent. */
  channelId: string;
  threadId: string | null;
  authorId: string;
  authorIsBot: boolean;
  createdAt: number;
  editedAt: number | null;
  replyToId: string | null;
  /** Author of the replied-to message when the source says (gateway); otherwise looked up from stored posts. */
  replyToAuthorId: string | null;
  attachmentCount: number;
  /** null when the source did not deliver content (no MESSAGE_CONTENT intent). */
  content: string | null;
  /** Kinds of attachments, embeds and links; null or absent when the source did not deliver them. */
  media?: MediaKind[] | null;
  mentionedUserIds: string[];
  source: PostSource;
}

export interface PostEditRecord {
  id: string;
  editedAt: number;
  /** undefined: the edit did not carry content (keep what we have). */
  content: string | null | undefined;
  attachmentCount: number | undefined;
  /** undefined: the edit did not say (Discord resolves link embeds in a later update). */
  media?: MediaKind[] | undefined;
  mentionedUserIds: string[] | undefined;
}

export interface ReactionRecord {
  guildId: string;
  messageId: string;
  userId: string;
  /** Unicode emoji, or the custom emoji's id. */
  emoji: string;
  emojiName: string | null;
  at: number;
  /** Found by the history backfill: `at` is when it was first seen, not when it was added. */
  backfilled?: boolean;
}

/** One write the ingest layer can apply. Every op is idempotent: applying it twice leaves the same rows. */
export type IngestOp =
  | { kind: 'guild'; guild: GuildRecord; at: number }
  | { kind: 'guildLeft'; guildId: string; at: number }
  | { kind: 'channel'; channel: ChannelRecord; at: number }
  | { kind: 'channelDeleted'; channelId: string; at: number }
  | { kind: 'member'; member: MemberRecord; at: number }
  | { kind: 'memberLeft'; guildId: string; userId: string; at: number }
  | { kind: 'post'; post: PostRecord }
  | { kind: 'postEdited'; edit: PostEditRecord }
  | { kind: 'postsDeleted'; ids: string[]; at: number }
  | { kind: 'reactionAdded'; reaction: ReactionRecord }
  | { kind: 'reactionRemoved'; messageId: string; userId: string; emoji: string }
  /** All reactions of a message (emoji undefined) or of one emoji on it. */
  | { kind: 'reactionsCleared'; messageId: string; emoji?: string }
  /** Replaces the set of members who reacted with `emoji` (backfill reconciliation). */
  | { kind: 'reactionSet'; guildId: string; messageId: string; emoji: string; emojiName: string | null; userIds: string[]; at: number }
  | { kind: 'reactionTally'; messageId: string; emoji: string; count: number }
  | { kind: 'checkpoint'; guildId: string; channelId: string; lastMessageId: string; backfilledAt: number | null };

/** The guild an op belongs to, for log lines (ops keyed only by message or channel id do not say). */
export function guildIdOfOp(op: IngestOp): string | undefined {
  switch (op.kind) {
    case 'guild':
      return op.guild.id;
    case 'channel':
      return op.channel.guildId;
    case 'member':
      return op.member.guildId;
    case 'post':
      return op.post.guildId;
    case 'reactionAdded':
      return op.reaction.guildId;
    case 'guildLeft':
    case 'memberLeft':
    case 'reactionSet':
    case 'checkpoint':
      return op.guildId;
    default:
      return undefined;
  }
}

/**
 * What a member row holds, as one comparable string: every message carries its author, and a writer that has just
 * written the same snapshot can skip the row.
 */
export function memberSnapshot(member: MemberRecord): string {
  return `${member.username}\u0000${member.displayName}\u0000${member.isBot}\u0000${member.joinedAt}`;
}


const DISCORD_EPOCH = 1420070400000n;

export function snowflakeToTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** The smallest snowflake at or after `time`: the `after` cursor that starts history at that moment. */
export function timeToSnowflake(time: number): string {
  const ms = BigInt(Math.max(0, Math.floor(time))) - DISCORD_EPOCH;
  return (ms > 0n ? ms << 22n : 0n).toString();
}

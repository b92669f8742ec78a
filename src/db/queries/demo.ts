/**
 * What the offline demo reads back from the database: an imported guild to mirror into the fake Discord, and the
 * figures it checks and prints. Drizzle's query builder; the demo runs each a handful of times, so they are built
 * per call rather than prepared ahead.
 */
import { and, asc, count, desc, eq, isNull, like, max, not } from 'drizzle-orm';
import { channels, memberRelations, members, mentions, posts, reactions, type Channel, type Member, type Post } from '../schema.js';
import { perConnection } from './per-connection.js';

export type MirroredMember = { id: string } & Pick<Member, 'username' | 'joinedAt'>;
export type MirroredChannel = Pick<Channel, 'id' | 'name' | 'kind' | 'parentId'>;
export type MirroredPost = Pick<Post, 'id' | 'channelId' | 'threadId' | 'authorId' | 'content'> & { at: number; replyTo: string | null };
export type MirroredReaction = { messageId: string; userId: string; emoji: string };

/** Rows of the recorded tables, as the demo prints them. */
export interface RecordedCounts {
  membersPresent: number;
  channels: number;
  threads: number;
  posts: number;
  reactions: number;
  mentions: number;
  relationEvents: number;
}

/** A COUNT(*) query's figure. */
const total = (query: { get(): { n: number } | undefined }): number => query.get()?.n ?? 0;

export const demoQueries = perConnection((_sqlite, db) => ({
  /** The guild with the most live posts, if any. */
  busiestGuild: (): string | undefined =>
    db
      .select({ id: posts.guildId })
      .from(posts)
      .where(isNull(posts.deletedAt))
      .groupBy(posts.guildId)
      .orderBy(desc(count()))
      .limit(1)
      .get()?.id,
  lastPostAt: (guildId: string): number | null =>
    db.select({ at: max(posts.createdAt) }).from(posts).where(eq(posts.guildId, guildId)).get()?.at ?? null,
  /** Present members who are not bots, by id. */
  presentMembers: (guildId: string): MirroredMember[] =>
    db
      .select({ id: members.userId, username: members.username, joinedAt: members.joinedAt })
      .from(members)
      .where(and(eq(members.guildId, guildId), eq(members.isBot, false), isNull(members.leftAt)))
      .orderBy(asc(members.userId))
      .all(),
  /** Channels and threads not deleted, by id. */
  liveChannels: (guildId: string): MirroredChannel[] =>
    db
      .select({ id: channels.id, name: channels.name, kind: channels.kind, parentId: channels.parentId })
      .from(channels)
      .where(and(eq(channels.guildId, guildId), isNull(channels.deletedAt)))
      .orderBy(asc(channels.id))
      .all(),
  /** Members' live posts, oldest first. */
  memberPosts: (guildId: string): MirroredPost[] =>
    db
      .select({
        id: posts.id,
        channelId: posts.channelId,
        threadId: posts.threadId,
        authorId: posts.authorId,
        at: posts.createdAt,
        content: posts.content,
        replyTo: posts.replyToId,
      })
      .from(posts)
      .where(and(eq(posts.guildId, guildId), isNull(posts.deletedAt), eq(posts.authorIsBot, false)))
      .orderBy(asc(posts.createdAt), asc(posts.id))
      .all(),
  /** Every reaction of the guild, oldest first. */
  reactions: (guildId: string): MirroredReaction[] =>
    db
      .select({ messageId: reactions.messageId, userId: reactions.userId, emoji: reactions.emoji })
      .from(reactions)
      .where(eq(reactions.guildId, guildId))
      .orderBy(asc(reactions.at))
      .all(),
  livePostCount: (guildId: string): number =>
    total(db.select({ n: count() }).from(posts).where(and(eq(posts.guildId, guildId), isNull(posts.deletedAt)))),
  reactionCount: (guildId: string): number => total(db.select({ n: count() }).from(reactions).where(eq(reactions.guildId, guildId))),
  /** Posts stored from one channel, deleted ones included. */
  channelPostCount: (channelId: string): number => total(db.select({ n: count() }).from(posts).where(eq(posts.channelId, channelId))),
  recordedCounts: (): RecordedCounts => ({
    membersPresent: total(db.select({ n: count() }).from(members).where(and(isNull(members.leftAt), eq(members.isBot, false)))),
    channels: total(db.select({ n: count() }).from(channels).where(not(like(channels.kind, '%thread')))),
    threads: total(db.select({ n: count() }).from(channels).where(like(channels.kind, '%thread'))),
    posts: total(db.select({ n: count() }).from(posts).where(isNull(posts.deletedAt))),
    reactions: total(db.select({ n: count() }).from(reactions)),
    mentions: total(db.select({ n: count() }).from(mentions)),
    relationEvents: total(db.select({ n: count() }).from(memberRelations)),
  }),
}));

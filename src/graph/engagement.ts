/**
 * What "engaging with a post" means on Discord. The one definition behind the graph snapshot's interactions
 * (training), the evaluation's targets and the live "already engaged" filter; each of them calls this module.
 *
 * A member engages with a post by
 * - reacting to it;
 * - replying to it with Discord's reply button;
 * - posting in the thread or forum post it starts. A thread's starter is the stored message that has the thread's
 *   id — Discord gives the first message of a forum post, and the message a thread was started from, the thread's
 *   id — or else the thread's earliest stored message (a thread started without a message, or an export that does
 *   not carry the starter);
 * - mentioning its author in the same conversation (the same thread; outside threads, the same channel) at most
 *   MENTION_ENGAGEMENT_WINDOW_MS after it: the mention engages with the author's latest message there. The ping
 *   Discord adds to a reply is not a mention (the reply is that engagement); see mention-events.ts.
 * Never counted: anything a bot does, engaging with one's own post, a deleted message (as the action or as its
 * target), or a target that is not stored.
 */
import type Database from 'better-sqlite3';
import { AuthorTimeline } from './author-timeline.js';
import { mentionEventsBetween, mentionEventsSql, toMentionEvent, type MentionEvent, type MentionRow } from './mention-events.js';

/** "Shortly after their message": a mention further from the author's last message there engages with nothing. */
export const MENTION_ENGAGEMENT_WINDOW_MS = 6 * 3_600_000;

export const ENGAGEMENT_KINDS = ['reaction', 'reply', 'thread', 'mention'] as const;
export type EngagementKind = (typeof ENGAGEMENT_KINDS)[number];

/** `member` engaged with the post `post` at `at`. */
export interface Engagement {
  member: string;
  post: string;
  kind: EngagementKind;
  at: number;
}

/** A post a member engaged with, and its author. */
export interface EngagedPost {
  post: string;
  author: string;
}

/**
 * Where mentions point. Messages are added in (created_at, id) order; `handle` is the caller's reference to a
 * message (a snapshot post index, a row number). A mention resolves to the mentioned member's latest message in
 * the mention's conversation created in [mention − window, mention), or -1.
 */
export class MentionTargets {
  private readonly timeline = new AuthorTimeline();

  add(authorId: string, channelId: string, threadId: string | null, createdAt: number, handle: number): void {
    this.timeline.add(conversationKey(authorId, channelId, threadId), createdAt, handle);
  }

  target(mention: Pick<MentionEvent, 'mentioned' | 'channelId' | 'threadId' | 'at'>): number {
    const key = conversationKey(mention.mentioned, mention.channelId, mention.threadId);
    return this.timeline.latestBefore(key, mention.at, mention.at - MENTION_ENGAGEMENT_WINDOW_MS);
  }
}

function conversationKey(authorId: string, channelId: string, threadId: string | null): string {
  return `${authorId}\u0000${threadId ?? channelId}`;
}

/** The starter of the thread named by the SQL expression `thread` (see the module comment). */
function starterOf(thread: string): string {
  return `COALESCE((SELECT s.id FROM posts s WHERE s.id = ${thread}),
                   (SELECT f.id FROM posts f WHERE f.thread_id = ${thread} ORDER BY f.created_at, f.id LIMIT 1))`;
}

/** Thread id → its starter's post id, for every thread of the guild with a message created in [from, to). */
export function threadStarters(sqlite: Database.Database, guildId: string, from: number, to: number): Map<string, string> {
  const rows = sqlite
    .prepare(
      `SELECT t.thread_id, ${starterOf('t.thread_id')}
         FROM (SELECT DISTINCT thread_id FROM posts
                WHERE guild_id = ? AND thread_id IS NOT NULL AND created_at >= ? AND created_at < ?) t`,
    )
    .raw(true)
    .all(guildId, from, to) as [string, string | null][];
  const starters = new Map<string, string>();
  for (const [thread, starter] of rows) if (starter !== null) starters.set(thread, starter);
  return starters;
}

export function botMemberIds(sqlite: Database.Database, guildId: string): Set<string> {
  const rows = sqlite.prepare(`SELECT user_id FROM members WHERE guild_id = ? AND is_bot = 1`).raw(true).all(guildId) as [string][];
  return new Set(rows.map(([id]) => id));
}

/** Every engagement in the guild in [from, to), by the definition above; ordered by kind, then time. */
export function engagementsBetween(sqlite: Database.Database, guildId: string, from: number, to: number): Engagement[] {
  const bots = botMemberIds(sqlite, guildId);
  const out: Engagement[] = [];
  const add = (member: string, post: string, author: string, kind: EngagementKind, at: number) => {
    if (!bots.has(member) && member !== author) out.push({ member, post, kind, at });
  };

  const reactions = sqlite
    .prepare(
      `SELECT x.user_id, x.message_id, p.author_id, x.at FROM reactions x JOIN posts p ON p.id = x.message_id
        WHERE x.guild_id = ? AND x.at >= ? AND x.at < ? AND p.deleted_at IS NULL ORDER BY x.at`,
    )
    .raw(true)
    .iterate(guildId, from, to) as IterableIterator<[string, string, string, number]>;
  for (const [member, post, author, at] of reactions) add(member, post, author, 'reaction', at);

  const starters = threadStarters(sqlite, guildId, from, to);
  const liveAuthor = sqlite.prepare(`SELECT author_id FROM posts WHERE id = ? AND deleted_at IS NULL`).pluck(true);
  const starterAuthors = new Map<string, string | undefined>();
  const posts = sqlite
    .prepare(
      `SELECT p.author_id, p.created_at, p.reply_to_id, t.author_id, p.thread_id
         FROM posts p LEFT JOIN posts t ON t.id = p.reply_to_id AND t.deleted_at IS NULL
        WHERE p.guild_id = ? AND p.created_at >= ? AND p.created_at < ? AND p.deleted_at IS NULL AND p.author_is_bot = 0
        ORDER BY p.created_at, p.id`,
    )
    .raw(true)
    .iterate(guildId, from, to) as IterableIterator<[string, number, string | null, string | null, string | null]>;
  for (const [member, at, replyTo, replyToAuthor, thread] of posts) {
    if (replyTo !== null && replyToAuthor !== null) add(member, replyTo, replyToAuthor, 'reply', at);
    const starter = thread === null ? undefined : starters.get(thread);
    if (starter === undefined) continue;
    if (!starterAuthors.has(starter)) starterAuthors.set(starter, liveAuthor.get(starter) as string | undefined);
    const author = starterAuthors.get(starter);
    if (author !== undefined) add(member, starter, author, 'thread', at);
  }

  const mentions = mentionEventsBetween(sqlite, guildId, from, to);
  if (mentions.length > 0) {
    // Only messages from one window before `from` on can be a mention's target.
    const targets = new MentionTargets();
    const ids: string[] = [];
    const rows = sqlite
      .prepare(
        `SELECT id, author_id, channel_id, thread_id, created_at FROM posts
          WHERE guild_id = ? AND created_at >= ? AND created_at < ? AND deleted_at IS NULL AND author_is_bot = 0
          ORDER BY created_at, id`,
      )
      .raw(true)
      .iterate(guildId, from - MENTION_ENGAGEMENT_WINDOW_MS, to) as IterableIterator<[string, string, string, string | null, number]>;
    for (const [id, author, channel, thread, createdAt] of rows) {
      targets.add(author, channel, thread, createdAt, ids.length);
      ids.push(id);
    }
    for (const mention of mentions) {
      const target = targets.target(mention);
      if (target >= 0) add(mention.member, ids[target] as string, mention.mentioned, 'mention', mention.at);
    }
  }
  return out;
}

/**
 * One member's engagements since a time, for the live filter (the serving snapshot knows everything before it):
 * small indexed queries, prepared once, applying the same definition.
 */
export class MemberEngagementReader {
  readonly #reactions: Database.Statement;
  readonly #ownPosts: Database.Statement;
  readonly #author: Database.Statement;
  readonly #starter: Database.Statement;
  readonly #mentions: Database.Statement;
  readonly #mentionTarget: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.#reactions = sqlite
      .prepare(
        `SELECT x.message_id, p.author_id FROM reactions x JOIN posts p ON p.id = x.message_id
          WHERE x.guild_id = ? AND x.user_id = ? AND x.at >= ? AND p.deleted_at IS NULL`,
      )
      .raw(true);
    this.#ownPosts = sqlite
      .prepare(
        `SELECT reply_to_id, thread_id FROM posts
          WHERE guild_id = ? AND author_id = ? AND created_at >= ? AND deleted_at IS NULL AND author_is_bot = 0
            AND (reply_to_id IS NOT NULL OR thread_id IS NOT NULL)`,
      )
      .raw(true);
    this.#author = sqlite.prepare(`SELECT author_id FROM posts WHERE id = ? AND deleted_at IS NULL`).pluck(true);
    this.#starter = sqlite.prepare(`SELECT ${starterOf('@thread')}`).pluck(true);
    this.#mentions = sqlite.prepare(mentionEventsSql(true)).raw(true);
    this.#mentionTarget = sqlite
      .prepare(
        `SELECT id FROM posts
          WHERE guild_id = @guild AND author_id = @author AND channel_id = @channel AND thread_id IS @thread
            AND created_at >= @from AND created_at < @to AND deleted_at IS NULL AND author_is_bot = 0
          ORDER BY created_at DESC, id DESC LIMIT 1`,
      )
      .pluck(true);
  }

  /** The posts `memberId` engaged with at or after `since`, each once, with their authors (never the member). */
  since(guildId: string, memberId: string, since: number): EngagedPost[] {
    const engaged = new Map<string, string>();
    const add = (post: string, author: string | undefined) => {
      if (author !== undefined && author !== memberId) engaged.set(post, author);
    };
    for (const [post, author] of this.#reactions.all(guildId, memberId, since) as [string, string][]) add(post, author);
    const starters = new Map<string, string | null>();
    for (const [replyTo, thread] of this.#ownPosts.all(guildId, memberId, since) as [string | null, string | null][]) {
      if (replyTo !== null) add(replyTo, this.#author.get(replyTo) as string | undefined);
      if (thread === null) continue;
      if (!starters.has(thread)) starters.set(thread, (this.#starter.get({ thread }) as string | null) ?? null);
      const starter = starters.get(thread);
      if (starter) add(starter, this.#author.get(starter) as string | undefined);
    }
    const mentions = this.#mentions.all({ guild: guildId, member: memberId, from: since, to: Number.MAX_SAFE_INTEGER }) as MentionRow[];
    for (const mention of mentions.map(toMentionEvent)) {
      const post = this.#mentionTarget.get({
        guild: guildId,
        author: mention.mentioned,
        channel: mention.channelId,
        thread: mention.threadId,
        from: mention.at - MENTION_ENGAGEMENT_WINDOW_MS,
        to: mention.at,
      }) as string | undefined;
      if (post !== undefined) add(post, mention.mentioned);
    }
    return [...engaged].map(([post, author]) => ({ post, author }));
  }
}

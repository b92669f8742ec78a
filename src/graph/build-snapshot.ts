/**
 * Builds a GraphSnapshot of one guild at a cut time `at` from the database. Only what happened strictly before
 * `at` goes in (the evaluation's no-leakage rule; serving passes `at` = now):
 *
 * - posts created before `at`, not deleted (a deleted message is gone for modelling too, whenever it was deleted);
 *   bots' posts are kept (members interact with them) but have author -1 and no authored edge;
 * - members: non-bot members who joined before `at` or acted before it (posted, reacted);
 * - interactions, one row per event, weight = type weight × 2^(−age / half-life) (see snapshot-options.ts):
 *   authored (author → post), then the engagements of engagement.ts (the one definition the evaluation's targets
 *   and the live filter use too): reaction (one per member and post, at the first reaction), reply (replier →
 *   replied post), mention (the mentioner → the mentioned member's latest post in the same conversation, if it is
 *   recent enough), thread (a member who posted in a thread or forum post → its starter post, one per member and
 *   thread, at their latest post there). Self-interactions other than authorship are dropped;
 * - relations: the member_relations view's events (collected from the same rows, see relation-edges.ts; thread
 *   co-participation derived from the posts, at most SnapshotOptions.coThreadPartners partners per post),
 *   strength = log(1 + Σ w_kind · decay) per directed pair (decay.ts);
 * - per-post counts (reactions, reactors, replies) over events before `at` only. Reaction tallies (counts without
 *   reactors, from CSV imports) carry no time, so they cannot be placed before or after `at` and are not used.
 * - per post, the post it replies to, the members it mentions, and moderation's verdict known before `at` (the
 *   quality model's score if it was scored before `at`, 0 if a moderator demoted it before `at`).
 * - `text` only when the guild turned on content_features.
 * - members who opted out (privacy_opt_outs) are left out entirely, as if they were never there: not a member, none
 *   of their posts (so never a candidate for anyone), none of their interactions or relations.
 *
 * Rows are streamed with raw prepared statements into typed arrays: no per-row objects beyond the SQL driver's, and
 * never a whole table's rows at once (a busy guild's million posts, a forum's millions of co-participation pairs).
 */
import type Database from 'better-sqlite3';
import { optedOutMemberIds } from '../db/queries/opt-outs.js';
import { loadChannels } from './channel-table.js';
import { timeDecay } from './decay.js';
import { MentionTargets, threadStarters } from './engagement.js';
import { groupPairs } from './group-pairs.js';
import { GrowableColumn } from './growable.js';
import { mentionEventsBetween } from './mention-events.js';
import { RelationAccumulator } from './relation-edges.js';
import { resolveSnapshotOptions, type SnapshotOptions } from './snapshot-options.js';
import { INTERACTION_KINDS, type GraphSnapshot, type InteractionKind, type PostMentions, type PostTable, type SnapshotHistory } from './snapshot.js';
import { compareSnowflakes } from '../lib/snowflake.js';

export { DEFAULT_SNAPSHOT_OPTIONS, type SnapshotOptions } from './snapshot-options.js';

const KIND_CODE = Object.fromEntries(INTERACTION_KINDS.map((kind, i) => [kind, i])) as Record<InteractionKind, number>;

type PostRow = [
  id: string,
  authorId: string,
  authorIsBot: number,
  channelId: string,
  threadId: string | null,
  createdAt: number,
  replyToId: string | null,
  attachmentCount: number,
  content: string | null,
  /** Author of the replied-to message: as recorded, or the stored target's (even if deleted), as in member_relations. */
  replyToAuthorId: string | null,
];

export function buildSnapshot(
  sqlite: Database.Database,
  guildId: string,
  at: number,
  options: Partial<SnapshotOptions> = {},
): GraphSnapshot {
  const opts = resolveSnapshotOptions(options);
  const guild = sqlite.prepare(`SELECT content_features AS contentFeatures FROM guilds WHERE id = ?`).get(guildId) as
    | { contentFeatures: number }
    | undefined;
  if (!guild) throw new Error(`unknown guild ${guildId}`);
  const contentFeatures = guild.contentFeatures === 1;
  const optedOut = optedOutMemberIds(sqlite, guildId);

  // Members: non-bots known before `at`, in id order so indices do not depend on what happens later.
  const memberRows = sqlite
    .prepare(`SELECT user_id, joined_at, is_bot FROM members WHERE guild_id = ?`)
    .raw(true)
    .all(guildId) as [string, number | null, number][];
  const bots = new Set<string>();
  const joinedAtOf = new Map<string, number | null>();
  const memberIdSet = new Set<string>();
  for (const [userId, joinedAt, isBot] of memberRows) {
    if (optedOut.has(userId)) continue;
    if (isBot) bots.add(userId);
    else {
      joinedAtOf.set(userId, joinedAt);
      if (joinedAt !== null && joinedAt < at) memberIdSet.add(userId);
    }
  }
  // Authors and reactors from the covering (guild, author) and (guild, user, at) indexes. The posts themselves are
  // streamed once below: a busy guild's whole history held as row objects would cost more than everything built
  // from it.
  const authors = sqlite
    .prepare(`SELECT DISTINCT author_id FROM posts WHERE guild_id = ? AND created_at < ? AND deleted_at IS NULL AND author_is_bot = 0`)
    .raw(true)
    .all(guildId, at) as [string][];
  for (const [userId] of authors) if (!bots.has(userId) && !optedOut.has(userId)) memberIdSet.add(userId);
  const reactors = sqlite
    .prepare(`SELECT DISTINCT user_id FROM reactions WHERE guild_id = ? AND at < ?`)
    .raw(true)
    .all(guildId, at) as [string][];
  for (const [userId] of reactors) if (!bots.has(userId) && !optedOut.has(userId)) memberIdSet.add(userId);

  const memberIds = [...memberIdSet].sort(compareSnowflakes);
  const memberIndex = new Map(memberIds.map((id, i) => [id, i]));
  const joinedAt = new Float64Array(memberIds.length);
  memberIds.forEach((id, i) => {
    joinedAt[i] = joinedAtOf.get(id) ?? NaN;
  });

  // The post window: the most recent `maxPosts` posts. Older ones within the relation horizon are still read, for
  // relations and each member's channel history, but not kept.
  const postsFrom = postWindowStart(sqlite, guildId, at, opts.maxPosts);
  const readFrom = Math.min(postsFrom, at - opts.relationHorizonMs);

  // Channels referenced by the posts read, then the post table.
  const referenced = new Set<string>();
  const places = sqlite
    .prepare(`SELECT DISTINCT channel_id, thread_id FROM posts WHERE guild_id = ? AND created_at < ? AND created_at >= ? AND deleted_at IS NULL`)
    .raw(true)
    .all(guildId, at, readFrom) as [string, string | null][];
  for (const [channelId, threadId] of places) {
    referenced.add(channelId);
    if (threadId !== null) referenced.add(threadId);
  }
  const channels = loadChannels(sqlite, guildId, at, referenced);

  const capacity = (
    sqlite
      .prepare(`SELECT COUNT(*) AS n FROM posts WHERE guild_id = ? AND created_at < ? AND created_at >= ? AND deleted_at IS NULL`)
      .get(guildId, at, postsFrom) as { n: number }
  ).n;
  const column = {
    author: new Int32Array(capacity),
    channel: new Int32Array(capacity),
    thread: new Int32Array(capacity),
    createdAt: new Float64Array(capacity),
    replyDepth: new Float32Array(capacity),
    replyTo: new Int32Array(capacity),
    replyToAuthor: new Int32Array(capacity),
    attachmentCount: new Float32Array(capacity),
  };
  const ids: string[] = [];
  const textColumn: (string | null)[] | undefined = contentFeatures ? [] : undefined;
  const postIndex = new Map<string, number>();
  const mentionTargets = new MentionTargets();

  const eMember = new GrowableColumn(Int32Array, capacity * 2);
  const ePost = new GrowableColumn(Int32Array, capacity * 2);
  const eKind = new GrowableColumn(Uint8Array, capacity * 2);
  const eAt = new GrowableColumn(Float64Array, capacity * 2);
  const eWeight = new GrowableColumn(Float32Array, capacity * 2);
  const edge = (member: number, post: number, kind: InteractionKind, eventAt: number) => {
    eMember.push(member);
    ePost.push(post);
    eKind.push(KIND_CODE[kind]);
    eAt.push(eventAt);
    eWeight.push(opts.interactionWeights[kind] * timeDecay(at, eventAt, opts.interactionHalfLifeMs));
  };

  // Each member's latest post per thread, for the thread edges.
  const threadVisits = new Map<number, number>();
  const channelCount = channels.table.ids.length;
  const relations = new RelationAccumulator(at, memberIds.length, opts, postsFrom);
  const replyCount = new Float32Array(capacity);
  const history = new ChannelHistory(postsFrom, opts.relationHalfLifeMs, channels.table.ids.length);

  const postRows = sqlite
    .prepare(
      `SELECT p.id, p.author_id, p.author_is_bot, p.channel_id, p.thread_id, p.created_at, p.reply_to_id,
              p.attachment_count, ${contentFeatures ? 'p.content' : 'NULL'}, COALESCE(p.reply_to_author_id, t.author_id)
         FROM posts p LEFT JOIN posts t ON t.id = p.reply_to_id
        WHERE p.guild_id = ? AND p.created_at < ? AND p.created_at >= ? AND p.deleted_at IS NULL ORDER BY p.created_at, p.id`,
    )
    .raw(true)
    .iterate(guildId, at, readFrom) as IterableIterator<PostRow>;
  for (const row of postRows) {
    const [id, authorId, authorIsBot, channelId, threadId, createdAt, replyToId, attachmentCount, content, replyToAuthorId] = row;
    if (optedOut.has(authorId)) continue;
    const author = authorIsBot || bots.has(authorId) ? -1 : (memberIndex.get(authorId) ?? -1);
    const replyToAuthor = replyToAuthorId === null ? -1 : (memberIndex.get(replyToAuthorId) ?? -1);
    if (createdAt < postsFrom) {
      // Before the window: a relation and the author's channel history, nothing kept.
      if (author >= 0 && replyToId !== null) relations.add(author, replyToAuthor, 'reply', createdAt);
      if (threadId !== null) relations.addThreadPost(author, channels.indexOf.get(threadId) ?? -1, createdAt);
      history.add(author, channels.indexOf.get(channelId) ?? -1, createdAt);
      continue;
    }
    const i = ids.length;
    const thread = threadId === null ? -1 : (channels.indexOf.get(threadId) ?? -1);
    ids.push(id);
    column.author[i] = author;
    column.channel[i] = channels.indexOf.get(channelId) ?? -1;
    column.thread[i] = thread;
    column.createdAt[i] = createdAt;
    column.attachmentCount[i] = attachmentCount;
    column.replyTo[i] = -1;
    column.replyToAuthor[i] = replyToAuthor;
    textColumn?.push(content);
    postIndex.set(id, i);
    if (author >= 0) {
      mentionTargets.add(authorId, channelId, threadId, createdAt, i);
      edge(author, i, 'authored', createdAt);
    }

    if (replyToId !== null) {
      const target = postIndex.get(replyToId);
      if (target !== undefined) {
        column.replyTo[i] = target;
        column.replyDepth[i] = Math.min(opts.maxReplyDepth, (column.replyDepth[target] as number) + 1);
        if (author >= 0) {
          replyCount[target] = (replyCount[target] as number) + 1;
          if (column.author[target] !== author) edge(author, target, 'reply', createdAt);
        }
      } else column.replyDepth[i] = 1;
      if (author >= 0) relations.add(author, replyToAuthor, 'reply', createdAt);
    }

    if (thread >= 0) {
      if (author >= 0) threadVisits.set(author * channelCount + thread, createdAt);
      relations.addThreadPost(author, thread, createdAt);
    }
  }

  const n = ids.length;
  const posts: PostTable = {
    ids,
    author: column.author.slice(0, n),
    channel: column.channel.slice(0, n),
    thread: column.thread.slice(0, n),
    createdAt: column.createdAt.slice(0, n),
    reactionCount: new Float32Array(n),
    reactorCount: new Float32Array(n),
    replyCount: replyCount.slice(0, n),
    replyDepth: column.replyDepth.slice(0, n),
    replyTo: column.replyTo.slice(0, n),
    replyToAuthor: column.replyToAuthor.slice(0, n),
    attachmentCount: column.attachmentCount.slice(0, n),
    quality: postQuality(sqlite, guildId, at, postIndex, n),
  };

  // One row per reaction (member, message, emoji): every row counts and is a relation event; the interaction edge
  // is one per member and post, at their first reaction.
  const rPost = new GrowableColumn(Int32Array, 1 << 16);
  const rMember = new GrowableColumn(Int32Array, 1 << 16);
  const rAt = new GrowableColumn(Float64Array, 1 << 16);
  const reactionRows = sqlite
    .prepare(
      `SELECT r.message_id, r.user_id, r.at, p.created_at, p.author_id, p.author_is_bot, p.channel_id
         FROM reactions r ${guildScan(sqlite, 'reactions', guildId)} JOIN posts p ON p.id = r.message_id
        WHERE r.guild_id = ? AND r.at < ? AND r.at >= ? AND p.created_at >= ? AND p.deleted_at IS NULL`,
    )
    .raw(true)
    .iterate(guildId, at, readFrom, readFrom) as IterableIterator<[string, string, number, number, string, number, string]>;
  for (const [messageId, userId, reactedAt, createdAt, authorId, authorIsBot, channelId] of reactionRows) {
    const member = memberIndex.get(userId);
    if (member === undefined || optedOut.has(authorId)) continue;
    if (createdAt < postsFrom) {
      // A reaction to a post before the window: a relation, and channel history if it came before the window too.
      relations.add(member, authorIsBot ? -1 : (memberIndex.get(authorId) ?? -1), 'reaction', reactedAt);
      if (reactedAt < postsFrom) history.add(member, channels.indexOf.get(channelId) ?? -1, reactedAt);
      continue;
    }
    const post = postIndex.get(messageId);
    if (post === undefined) continue;
    posts.reactionCount[post] = (posts.reactionCount[post] as number) + 1;
    relations.add(member, posts.author[post] as number, 'reaction', reactedAt);
    rPost.push(post);
    rMember.push(member);
    rAt.push(reactedAt);
  }
  const reacted = groupPairs(rPost.toArray(), rMember.toArray(), n, memberIds.length);
  const firstAt = new Float64Array(reacted.a.length).fill(Infinity);
  const reactedAt = rAt.toArray();
  for (let r = 0; r < reactedAt.length; r++) {
    const pair = reacted.pairOfRow[r] as number;
    if ((reactedAt[r] as number) < (firstAt[pair] as number)) firstAt[pair] = reactedAt[r] as number;
  }
  for (let pair = 0; pair < reacted.a.length; pair++) {
    const post = reacted.a[pair] as number;
    const member = reacted.b[pair] as number;
    posts.reactorCount[post] = (posts.reactorCount[post] as number) + 1;
    if (member !== posts.author[post]) edge(member, post, 'reaction', firstAt[pair] as number);
  }

  const mentionPost = new GrowableColumn(Int32Array);
  const mentionMember = new GrowableColumn(Int32Array);
  for (const mention of mentionEventsBetween(sqlite, guildId, Number.MIN_SAFE_INTEGER, at)) {
    const member = memberIndex.get(mention.member);
    if (member === undefined) continue;
    const mentioned = memberIndex.get(mention.mentioned) ?? -1;
    relations.add(member, mentioned, 'mention', mention.at);
    const post = mentionTargets.target(mention);
    if (post >= 0) edge(member, post, 'mention', mention.at);
    const message = postIndex.get(mention.message);
    if (message !== undefined && mentioned >= 0) {
      mentionPost.push(message);
      mentionMember.push(mentioned);
    }
  }

  const starterOf = new Int32Array(channelCount).fill(-1);
  for (const [threadId, starterId] of threadStarters(sqlite, guildId, postsFrom, at)) {
    const thread = channels.indexOf.get(threadId);
    const starter = postIndex.get(starterId);
    if (thread !== undefined && starter !== undefined) starterOf[thread] = starter;
  }
  for (const [key, lastAt] of threadVisits) {
    const member = Math.floor(key / channelCount);
    const starter = starterOf[key - member * channelCount] as number;
    if (starter >= 0 && posts.author[starter] !== member) edge(member, starter, 'thread', lastAt);
  }

  if (textColumn) posts.text = textColumn;
  return {
    history: history.finish(),
    guildId,
    at,
    members: { ids: memberIds, joinedAt, optedOut: new Uint8Array(memberIds.length) },
    channels: { ...channels.table, starter: starterOf },
    posts,
    interactions: {
      member: eMember.toArray(),
      post: ePost.toArray(),
      kind: eKind.toArray(),
      at: eAt.toArray(),
      weight: eWeight.toArray(),
    },
    relations: relations.finish(),
    mentions: byPost(mentionPost.toArray(), mentionMember.toArray()),
    contentFeatures,
  };
}

/** The creation time of the `maxPosts`-th most recent post before `at` (−Infinity when there are fewer). */
function postWindowStart(sqlite: Database.Database, guildId: string, at: number, maxPosts: number): number {
  const row = sqlite
    .prepare(`SELECT created_at AS t FROM posts WHERE guild_id = ? AND created_at < ? AND deleted_at IS NULL ORDER BY created_at DESC LIMIT 1 OFFSET ?`)
    .get(guildId, at, Math.max(0, maxPosts - 1)) as { t: number } | undefined;
  return row ? row.t : -Infinity;
}

/** Each member's activity per top-level channel before the post window, decayed at its start (SnapshotHistory). */
class ChannelHistory {
  private readonly weight = new Map<number, number>();

  constructor(
    private readonly postsFrom: number,
    private readonly halfLifeMs: number,
    private readonly channelCount: number,
  ) {}

  add(member: number, channel: number, eventAt: number): void {
    if (member < 0 || channel < 0 || !(eventAt < this.postsFrom)) return;
    const key = member * this.channelCount + channel;
    this.weight.set(key, (this.weight.get(key) ?? 0) + timeDecay(this.postsFrom, eventAt, this.halfLifeMs));
  }

  finish(): SnapshotHistory {
    const keys = [...this.weight.keys()].sort((a, b) => a - b);
    return {
      postsFrom: this.postsFrom,
      halfLifeMs: this.halfLifeMs,
      channels: {
        member: Int32Array.from(keys, (k) => Math.floor(k / this.channelCount)),
        channel: Int32Array.from(keys, (k) => k % this.channelCount),
        weight: Float32Array.from(keys, (k) => this.weight.get(k) as number),
      },
    };
  }
}

/** Mention rows ordered by post (the query returns them by time, which is nearly so already). */
function byPost(post: Int32Array, member: Int32Array): PostMentions {
  const order = Array.from(post.keys()).sort((a, b) => (post[a] as number) - (post[b] as number) || a - b);
  return { post: Int32Array.from(order, (i) => post[i] as number), member: Int32Array.from(order, (i) => member[i] as number) };
}

/** Moderation's verdicts known before `at` (see PostTable.quality). */
function postQuality(sqlite: Database.Database, guildId: string, at: number, postIndex: ReadonlyMap<string, number>, n: number): Float32Array {
  const quality = new Float32Array(n).fill(Number.NaN);
  const scores = sqlite
    .prepare(`SELECT post_id, score FROM post_quality_scores WHERE guild_id = ? AND scored_at < ?`)
    .raw(true)
    .iterate(guildId, at) as IterableIterator<[string, number]>;
  for (const [postId, score] of scores) {
    const p = postIndex.get(postId);
    if (p !== undefined) quality[p] = score;
  }
  const demoted = sqlite.prepare(`SELECT post_id FROM post_demotions WHERE guild_id = ? AND at < ?`).raw(true).all(guildId, at) as [string][];
  for (const [postId] of demoted) {
    const p = postIndex.get(postId);
    if (p !== undefined) quality[p] = 0;
  }
  return quality;
}

/**
 * The only index of `table` that starts with the guild is ordered by another column, so reading a guild's rows
 * through it costs one random table lookup per row; when the guild holds a good part of the table (the usual
 * single-community database) a sequential scan is 2–4× cheaper. Counting the guild's rows uses the index alone.
 */
function guildScan(sqlite: Database.Database, table: 'reactions', guildId: string): string {
  const { guild, total } = sqlite
    .prepare(`SELECT (SELECT COUNT(*) FROM ${table} WHERE guild_id = ?) AS guild, (SELECT MAX(rowid) FROM ${table}) AS total`)
    .get(guildId) as { guild: number; total: number | null };
  return total !== null && guild * 4 >= total ? 'NOT INDEXED' : '';
}

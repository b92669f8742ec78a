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
 * - relations: the member_relations view's events (collected from the same rows, see relation-edges.ts),
 *   strength = log(1 + Σ w_kind · decay) per directed pair (decay.ts);
 * - per-post counts (reactions, reactors, replies) over events before `at` only. Reaction tallies (counts without
 *   reactors, from CSV imports) carry no time, so they cannot be placed before or after `at` and are not used.
 * - `text` only when the guild turned on content_features.
 * - members who opted out (privacy_opt_outs) are left out entirely, as if they were never there: not a member, none
 *   of their posts (so never a candidate for anyone), none of their interactions or relations.
 *
 * Rows are read with raw prepared statements into typed arrays: no per-row objects beyond the SQL driver's.
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
import { INTERACTION_KINDS, type GraphSnapshot, type InteractionKind, type PostTable } from './snapshot.js';
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
  const allPostRows = sqlite
    .prepare(
      `SELECT p.id, p.author_id, p.author_is_bot, p.channel_id, p.thread_id, p.created_at, p.reply_to_id,
              p.attachment_count, ${contentFeatures ? 'p.content' : 'NULL'}, COALESCE(p.reply_to_author_id, t.author_id)
         FROM posts p LEFT JOIN posts t ON t.id = p.reply_to_id
        WHERE p.guild_id = ? AND p.created_at < ? AND p.deleted_at IS NULL ORDER BY p.created_at, p.id`,
    )
    .raw(true)
    .all(guildId, at) as PostRow[];
  const postRows = optedOut.size === 0 ? allPostRows : allPostRows.filter((row) => !optedOut.has(row[1]));

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
  for (const row of postRows) if (!row[2] && !bots.has(row[1])) memberIdSet.add(row[1]);
  // Reactors, from the covering (guild, user, at) index; the reactions themselves are streamed below.
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

  // Channels referenced by posts, then the post table.
  const referenced = new Set<string>();
  for (const row of postRows) {
    referenced.add(row[3]);
    if (row[4] !== null) referenced.add(row[4]);
  }
  const channels = loadChannels(sqlite, guildId, at, referenced);

  const n = postRows.length;
  const posts: PostTable = {
    ids: new Array<string>(n),
    author: new Int32Array(n),
    channel: new Int32Array(n),
    thread: new Int32Array(n),
    createdAt: new Float64Array(n),
    reactionCount: new Float32Array(n),
    reactorCount: new Float32Array(n),
    replyCount: new Float32Array(n),
    replyDepth: new Float32Array(n),
    attachmentCount: new Float32Array(n),
  };
  const text: (string | null)[] | undefined = contentFeatures ? new Array<string | null>(n) : undefined;
  const postIndex = new Map<string, number>();
  const mentionTargets = new MentionTargets();

  const eMember = new GrowableColumn(Int32Array, n * 4);
  const ePost = new GrowableColumn(Int32Array, n * 4);
  const eKind = new GrowableColumn(Uint8Array, n * 4);
  const eAt = new GrowableColumn(Float64Array, n * 4);
  const eWeight = new GrowableColumn(Float32Array, n * 4);
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
  const relations = new RelationAccumulator(at, memberIds.length, opts);

  for (let i = 0; i < n; i++) {
    const [id, authorId, authorIsBot, channelId, threadId, createdAt, replyToId, attachmentCount, content, replyToAuthorId] =
      postRows[i] as PostRow;
    const author = authorIsBot || bots.has(authorId) ? -1 : (memberIndex.get(authorId) ?? -1);
    const thread = threadId === null ? -1 : (channels.indexOf.get(threadId) ?? -1);
    posts.ids[i] = id;
    posts.author[i] = author;
    posts.channel[i] = channels.indexOf.get(channelId) ?? -1;
    posts.thread[i] = thread;
    posts.createdAt[i] = createdAt;
    posts.attachmentCount[i] = attachmentCount;
    if (text) text[i] = content;
    postIndex.set(id, i);
    if (author >= 0) {
      mentionTargets.add(authorId, channelId, threadId, createdAt, i);
      edge(author, i, 'authored', createdAt);
    }

    if (replyToId !== null) {
      const target = postIndex.get(replyToId);
      if (target !== undefined) {
        posts.replyDepth[i] = Math.min(opts.maxReplyDepth, (posts.replyDepth[target] as number) + 1);
        if (author >= 0) {
          posts.replyCount[target] = (posts.replyCount[target] as number) + 1;
          if (posts.author[target] !== author) edge(author, target, 'reply', createdAt);
        }
      } else posts.replyDepth[i] = 1;
      if (author >= 0 && replyToAuthorId !== null) relations.add(author, memberIndex.get(replyToAuthorId) ?? -1, 'reply', createdAt);
    }

    if (thread >= 0 && author >= 0) threadVisits.set(author * channelCount + thread, createdAt);
  }

  // One row per reaction (member, message, emoji): every row counts and is a relation event; the interaction edge
  // is one per member and post, at their first reaction.
  const rPost = new GrowableColumn(Int32Array, 1 << 16);
  const rMember = new GrowableColumn(Int32Array, 1 << 16);
  const rAt = new GrowableColumn(Float64Array, 1 << 16);
  const reactionRows = sqlite
    .prepare(`SELECT message_id, user_id, at FROM reactions ${reactionScan(sqlite, guildId)} WHERE guild_id = ? AND at < ?`)
    .raw(true)
    .iterate(guildId, at) as IterableIterator<[string, string, number]>;
  for (const [messageId, userId, reactedAt] of reactionRows) {
    const post = postIndex.get(messageId);
    const member = memberIndex.get(userId);
    if (post === undefined || member === undefined) continue;
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

  for (const mention of mentionEventsBetween(sqlite, guildId, Number.MIN_SAFE_INTEGER, at)) {
    const member = memberIndex.get(mention.member);
    if (member === undefined) continue;
    relations.add(member, memberIndex.get(mention.mentioned) ?? -1, 'mention', mention.at);
    const post = mentionTargets.target(mention);
    if (post >= 0) edge(member, post, 'mention', mention.at);
  }
  relations.addCoThread(sqlite, guildId, memberIndex);

  const starterOf = new Int32Array(channelCount).fill(-1);
  for (const [threadId, starterId] of threadStarters(sqlite, guildId, Number.MIN_SAFE_INTEGER, at)) {
    const thread = channels.indexOf.get(threadId);
    const starter = postIndex.get(starterId);
    if (thread !== undefined && starter !== undefined) starterOf[thread] = starter;
  }
  for (const [key, lastAt] of threadVisits) {
    const member = Math.floor(key / channelCount);
    const starter = starterOf[key - member * channelCount] as number;
    if (starter >= 0 && posts.author[starter] !== member) edge(member, starter, 'thread', lastAt);
  }

  if (text) posts.text = text;
  return {
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
    contentFeatures,
  };
}

/**
 * The only reactions index that starts with the guild is ordered by user, so reading a guild's reactions through it
 * costs one random table lookup per row; when the guild holds a good part of the table (the usual single-community
 * database) a sequential scan is 2–3× cheaper. Counting the guild's rows uses the index alone and is cheap.
 */
function reactionScan(sqlite: Database.Database, guildId: string): string {
  const { guild, total } = sqlite
    .prepare(
      `SELECT (SELECT COUNT(*) FROM reactions WHERE guild_id = ?) AS guild, (SELECT MAX(rowid) FROM reactions) AS total`,
    )
    .get(guildId) as { guild: number; total: number | null };
  return total !== null && guild * 4 >= total ? 'NOT INDEXED' : '';
}

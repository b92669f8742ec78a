/**
 * Writes an import's messages, reactions and reaction counts as they stream in, batch by batch, through the same
 * idempotent ActivityStore ops the gateway uses, and then the file's guilds, channels and members. Everything runs
 * inside the file's one transaction (index.ts), so a file that turns out bad is rolled back whole.
 *
 * Rules:
 * - A message the bot recorded itself (gateway or backfill) is not overwritten by an export of it: exports render
 *   content differently (mentions as `@name`), and the bot's own record is the better one. Its reactions and
 *   reaction counts from the file are dropped with it.
 * - Message text follows the gateway's content setting (PRIVACY.md): without it no text is stored, and with it
 *   only text younger than the content retention (the sweep would erase older text at once).
 * - Members who opted out in a guild are not recorded there from an import either (the summary still counts what
 *   the file held; `added` says what was written).
 * - A post whose author is known as a bot is a bot post; reactions by bots are not stored.
 * - A reply's author is the replied-to message's, when it is in the file or stored.
 */
import type Database from 'better-sqlite3';
import { ingestQueries, type IngestQueries } from '../../db/queries/ingest.js';
import { ActivityStore } from '../activity-store.js';
import { withoutOptedOutMembers, type IsOptedOut } from '../opt-out-filter.js';
import type { IngestOp, PostRecord, ReactionRecord } from '../records.js';
import type { PlannedOp } from './plan.js';
import { ImportThreadPartners } from './thread-partners.js';
import type { TallyRecord } from './types.js';

/** Which message text an import keeps. */
export interface ContentPolicy {
  keep: boolean;
  /** Text of messages posted before this time (epoch ms) is not stored. */
  since: number;
}

export interface MessageBatch {
  posts: PostRecord[];
  reactions: ReactionRecord[];
  tallies: TallyRecord[];
}

/** Where a message is: its guild, and the channel a record names for it (the thread, for a thread message). */
export interface MessageLocation {
  guildId: string;
  channel: string;
  authorId: string;
}

export interface WrittenCounts {
  /** What the file held, minus what was skipped (messages the bot recorded itself, and what hangs on them). */
  posts: number;
  reactions: number;
  tallies: number;
  /** Rows the import created. */
  added: { posts: number; reactions: number; tallies: number; guilds: number; channels: number; members: number };
}

export interface ImportWriterOptions {
  isOptedOut: IsOptedOut;
  isBot: (guildId: string, userId: string) => boolean;
  content: ContentPolicy;
  skip: (reason: string) => void;
}

export class ImportWriter {
  private readonly q: IngestQueries;
  private readonly store: ActivityStore;
  /** Messages of this file the bot had recorded itself. */
  private readonly recordedLive = new Set<string>();
  /** Messages of this file that were not written (their author opted out): reactions to them are still valid. */
  private readonly unwritten = new Map<string, MessageLocation>();
  readonly counts: WrittenCounts = {
    posts: 0,
    reactions: 0,
    tallies: 0,
    added: { posts: 0, reactions: 0, tallies: 0, guilds: 0, channels: 0, members: 0 },
  };

  constructor(
    sqlite: Database.Database,
    private readonly options: ImportWriterOptions,
  ) {
    this.q = ingestQueries(sqlite);
    this.store = new ActivityStore(sqlite, { threads: new ImportThreadPartners(sqlite) });
  }

  /** A message of this file that was not written, or a stored one. */
  location(messageId: string): MessageLocation | undefined {
    const unwritten = this.unwritten.get(messageId);
    if (unwritten !== undefined) return unwritten;
    const stored = this.q.postLocation(messageId);
    return stored === undefined ? undefined : { guildId: stored.guildId, channel: stored.threadId ?? stored.channelId, authorId: stored.authorId };
  }

  /** Writes one batch; a reaction or count comes in the batch of its message or a later one. */
  writeMessages(batch: MessageBatch): void {
    const { isOptedOut, isBot, content, skip } = this.options;
    const ops: IngestOp[] = [];
    const authorInBatch = new Map<string, string>();
    for (const post of batch.posts) authorInBatch.set(post.id, post.authorId);
    const createdPosts = new Set<string>();

    for (const post of batch.posts) {
      const stored = this.q.postLocation(post.id);
      if (stored !== undefined && stored.source !== 'import') {
        this.recordedLive.add(post.id);
        skip('message already recorded by the bot');
        continue;
      }
      this.counts.posts += 1;
      if (!content.keep || post.createdAt < content.since) post.content = null;
      post.authorIsBot ||= isBot(post.guildId, post.authorId);
      if (post.replyToId !== null && post.replyToAuthorId === null) {
        post.replyToAuthorId = authorInBatch.get(post.replyToId) ?? this.q.postLocation(post.replyToId)?.authorId ?? null;
      }
      const op = withoutOptedOutMembers({ kind: 'post', post }, isOptedOut);
      if (op === null) {
        this.unwritten.set(post.id, { guildId: post.guildId, channel: post.threadId ?? post.channelId, authorId: post.authorId });
        continue;
      }
      if (stored === undefined) createdPosts.add(post.id);
      ops.push(op);
    }

    for (const reaction of batch.reactions) {
      if (this.recordedLive.has(reaction.messageId)) {
        skip('reaction on a message already recorded by the bot');
        continue;
      }
      this.counts.reactions += 1;
      if (isBot(reaction.guildId, reaction.userId)) continue;
      const op = withoutOptedOutMembers({ kind: 'reactionAdded', reaction }, isOptedOut);
      if (op !== null) ops.push(op);
    }

    for (const tally of batch.tallies) {
      if (this.recordedLive.has(tally.messageId)) {
        skip('reaction count on a message already recorded by the bot');
        continue;
      }
      this.counts.tallies += 1;
      // Counts come only with their message (CSV, DCE JSON): a new message's counts are new rows.
      if (createdPosts.has(tally.messageId)) this.counts.added.tallies += 1;
      ops.push({ kind: 'reactionTally', ...tally });
    }

    const before = { ...this.store.created };
    this.store.applyInTransaction(ops);
    this.counts.added.posts += this.store.created.posts - before.posts;
    this.counts.added.reactions += this.store.created.reactions - before.reactions;
  }

  /** Guilds, channels and members (planned against the database as it was before the import). */
  writeEntities(planned: readonly PlannedOp[]): void {
    const ops: IngestOp[] = [];
    for (const { op, creates } of planned) {
      const kept = withoutOptedOutMembers(op, this.options.isOptedOut);
      if (kept === null) continue;
      ops.push(kept);
      if (!creates) continue;
      if (kept.kind === 'guild') this.counts.added.guilds += 1;
      else if (kept.kind === 'channel') this.counts.added.channels += 1;
      else if (kept.kind === 'member') this.counts.added.members += 1;
    }
    this.store.applyInTransaction(ops);
  }
}

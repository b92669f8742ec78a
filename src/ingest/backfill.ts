/**
 * History backfill: reads a channel's messages since its checkpoint so nothing said while the bot was offline is
 * missing. Pages forward with `after` (Discord returns the oldest `limit` messages after the cursor), and for every
 * page writes posts, reconciled reactions, deletions and the advanced checkpoint in one transaction, so an
 * interrupted backfill resumes at the last complete page. Requests go through discord.js's REST queue, which
 * honours rate-limit headers and 429s; pages are fetched one at a time per channel.
 */
import type { GuildTextBasedChannel, Message, MessageReaction } from 'discord.js';
import type { Logger } from '../ops/log.js';
import type { ActivityStore } from './activity-store.js';
import { authorMemberRecord, emojiKey, postEditRecord, postRecord } from './from-discord.js';
import type { IngestWriter } from './ingest-writer.js';
import { timeToSnowflake, type IngestOp } from './records.js';
import { compareSnowflakes } from '../lib/snowflake.js';

const PAGE_SIZE = 100;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Messages this close to "now" may still be in flight on the gateway; don't infer their deletion. */
const IN_FLIGHT_MARGIN_MS = 5_000;

export interface BackfillOptions {
  horizonDays: number;
  refreshHours: number;
  keepContent: boolean;
  now: () => number;
}

export interface BackfillResult {
  channelId: string;
  pages: number;
  messages: number;
  deleted: number;
}

export class HistoryBackfill {
  constructor(
    private readonly store: ActivityStore,
    private readonly writer: IngestWriter,
    private readonly log: Logger,
    private readonly options: BackfillOptions,
  ) {}

  /** The cursor a channel's backfill starts after: its checkpoint, pulled back to re-read the refresh window. */
  startCursor(channelId: string): string {
    const now = this.options.now();
    const horizon = timeToSnowflake(now - this.options.horizonDays * DAY);
    const refresh = timeToSnowflake(now - this.options.refreshHours * HOUR);
    const checkpoint = this.store.checkpointOf(channelId);
    const start = checkpoint === null ? horizon : minSnowflake(checkpoint, refresh);
    return maxSnowflake(start, horizon);
  }

  async backfillChannel(channel: GuildTextBasedChannel): Promise<BackfillResult> {
    const location = channel.isThread() ? { threadId: channel.id } : { channelId: channel.id };
    const result: BackfillResult = { channelId: channel.id, pages: 0, messages: 0, deleted: 0 };
    let cursor = this.startCursor(channel.id);
    for (;;) {
      const fetchedAt = this.options.now();
      const page = await channel.messages.fetch({ after: cursor, limit: PAGE_SIZE, cache: false });
      const messages = [...page.values()].sort((a, b) => compareSnowflakes(a.id, b.id));
      const complete = messages.length < PAGE_SIZE;
      const ops: IngestOp[] = [];
      for (const message of messages) ops.push(...(await this.messageOps(message)));

      const lastId = messages.at(-1)?.id ?? cursor;
      // Everything Discord holds in (cursor, upto] is in this page; anything else we stored there was deleted.
      const upto = complete ? maxSnowflake(lastId, timeToSnowflake(fetchedAt - IN_FLIGHT_MARGIN_MS)) : lastId;
      const present = new Set(messages.map((m) => m.id));
      const gone = this.store.storedPostIdsBetween(location, cursor, upto).filter((id) => !present.has(id));
      if (gone.length > 0) ops.push({ kind: 'postsDeleted', ids: gone, at: fetchedAt });
      ops.push({
        kind: 'checkpoint',
        guildId: channel.guildId,
        channelId: channel.id,
        lastMessageId: lastId,
        backfilledAt: complete ? this.options.now() : null,
      });
      // Applied after the live events queued before it, as one transaction with its checkpoint.
      await this.writer.apply(ops);

      result.pages += 1;
      result.messages += messages.length;
      result.deleted += gone.length;
      if (complete) break;
      cursor = lastId;
    }
    this.log.debug({ ...result, guildId: channel.guildId }, 'channel backfilled');
    return result;
  }

  private async messageOps(message: Message): Promise<IngestOp[]> {
    const post = postRecord(message, { keepContent: this.options.keepContent, source: 'backfill' });
    if (post === null) return [];
    const now = this.options.now();
    const ops: IngestOp[] = [];
    const author = authorMemberRecord(message);
    if (author) ops.push({ kind: 'member', member: author, at: now });
    ops.push({ kind: 'post', post });
    const edit = postEditRecord(message, this.options.keepContent);
    if (edit) ops.push({ kind: 'postEdited', edit });

    const presentEmojis = new Set<string>();
    for (const reaction of message.reactions.cache.values()) {
      const emoji = emojiKey(reaction);
      if (emoji === null) continue;
      presentEmojis.add(emoji);
      // Discord's global limit is 50 requests a second; re-reading who reacted costs one or more per emoji. When the
      // count still matches what we hold (the bot's own reaction aside), the set is taken as unchanged.
      const othersCount = reaction.count - (reaction.me ? 1 : 0);
      if (othersCount === this.store.reactorCount(message.id, emoji)) continue;
      ops.push({
        kind: 'reactionSet',
        guildId: post.guildId,
        messageId: message.id,
        emoji,
        emojiName: reaction.emoji.name ?? null,
        userIds: await this.reactingMembers(reaction),
        // Discord does not say when a reaction was added; a backfilled one is dated when we first saw it.
        at: now,
      });
    }
    for (const emoji of this.store.storedEmojisOf(message.id)) {
      if (!presentEmojis.has(emoji)) ops.push({ kind: 'reactionsCleared', messageId: message.id, emoji });
    }
    return ops;
  }

  private async reactingMembers(reaction: MessageReaction): Promise<string[]> {
    const ids: string[] = [];
    let after: string | undefined;
    for (;;) {
      const users = await reaction.users.fetch({ limit: PAGE_SIZE, ...(after ? { after } : {}) });
      for (const user of users.values()) if (!user.bot) ids.push(user.id);
      if (users.size < PAGE_SIZE) return ids;
      after = [...users.keys()].sort(compareSnowflakes).at(-1);
    }
  }
}

function minSnowflake(a: string, b: string): string {
  return compareSnowflakes(a, b) <= 0 ? a : b;
}

function maxSnowflake(a: string, b: string): string {
  return compareSnowflakes(a, b) >= 0 ? a : b;
}

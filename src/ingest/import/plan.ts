/**
 * Turns an ImportBatch into the ops to apply, given what the database already holds.
 *
 * Rules (the reasons an import can be re-run and can run next to a live bot):
 * - A guild, channel or member row the database already has is left alone, unless the file declares it (JSONL)
 *   and says something different, or the stored row is a placeholder an earlier import made (a guild named by its
 *   id, a channel of kind 'other') and the file knows better. Fields a file does not know keep their stored value.
 *   Unchanged rows get no op at all, so their write times stay put.
 * - A message the bot recorded itself (gateway or backfill) is not overwritten by an export of it: exports render
 *   content differently (mentions as `@name`), and the bot's own record is the better one. Its reactions and
 *   tallies from the file are dropped with it.
 * - Order: guilds, channels, members, then posts by time (so a reply finds the message it answers already stored
 *   and can credit its author), then reactions, then tallies.
 */
import type { IngestOp } from '../records.js';
import { memberKey, type ImportBatch } from './batch.js';
import type { IssueCollector } from './errors.js';
import type { ExistingRows, TableCounts } from './types.js';

export interface ImportPlan {
  ops: IngestOp[];
  /** What the file holds: distinct guilds, channels, members; the posts, reactions and tallies that will be written. */
  counts: TableCounts;
}

export function planImport(batch: ImportBatch, existing: ExistingRows, now: number, issues: IssueCollector): ImportPlan {
  const guildOps: IngestOp[] = [];
  const channelOps: IngestOp[] = [];
  const memberOps: IngestOp[] = [];

  for (const draft of batch.guilds.values()) {
    const stored = existing.guild(draft.id);
    if (stored === undefined) {
      guildOps.push({
        kind: 'guild',
        guild: { id: draft.id, name: draft.name ?? draft.id, ownerId: null, preferredLocale: 'en-US' },
        at: now,
      });
    } else if (draft.name !== null && stored.name === draft.id && draft.name !== draft.id) {
      guildOps.push({
        kind: 'guild',
        guild: { id: draft.id, name: draft.name, ownerId: stored.ownerId, preferredLocale: stored.preferredLocale },
        at: now,
      });
    }
  }

  for (const draft of batch.channels.values()) {
    const stored = existing.channel(draft.id);
    if (stored !== undefined && stored.guildId !== draft.guildId) {
      issues.add(`channel ${draft.id} belongs to guild ${stored.guildId} in the database, not to guild ${draft.guildId}`);
      continue;
    }
    if (stored === undefined) {
      channelOps.push({
        kind: 'channel',
        channel: { ...omitDraftFields(draft), nsfw: draft.nsfw ?? false, ownerId: null, archived: false },
        at: now,
      });
      continue;
    }
    const mayUpdate = draft.explicit || (stored.kind === 'other' && draft.kind !== 'other');
    const nsfw = draft.nsfw ?? stored.nsfw;
    const differs =
      stored.parentId !== draft.parentId || stored.name !== draft.name || stored.kind !== draft.kind || stored.nsfw !== nsfw;
    if (mayUpdate && differs) {
      channelOps.push({
        kind: 'channel',
        channel: { ...omitDraftFields(draft), nsfw, ownerId: null, archived: stored.archived },
        at: now,
      });
    }
  }

  for (const draft of batch.members.values()) {
    const stored = existing.member(draft.guildId, draft.userId);
    const member = {
      guildId: draft.guildId,
      userId: draft.userId,
      username: draft.username,
      displayName: draft.displayName === undefined ? (stored?.displayName ?? null) : draft.displayName,
      isBot: draft.isBot,
      // The store never clears a known join time, so "unknown" keeps the stored one.
      joinedAt: draft.joinedAt ?? stored?.joinedAt ?? null,
    };
    if (stored === undefined) {
      memberOps.push({ kind: 'member', member, at: now });
    } else if (
      draft.explicit &&
      (stored.username !== member.username ||
        stored.displayName !== member.displayName ||
        stored.isBot !== member.isBot ||
        stored.joinedAt !== member.joinedAt)
    ) {
      memberOps.push({ kind: 'member', member, at: now });
    }
  }

  const isBot = (guildId: string, userId: string): boolean =>
    batch.members.get(memberKey(guildId, userId))?.isBot === true || existing.member(guildId, userId)?.isBot === true;

  const postOps: IngestOp[] = [];
  const recordedLive = new Set<string>();
  // Array.prototype.sort is stable: messages with equal times (CSV has minute precision) keep file order. The
  // batch is the planner's to consume, so posts are sorted and completed in place (files hold millions of them).
  const posts = batch.posts.sort((a, b) => a.createdAt - b.createdAt);
  for (const post of posts) {
    const source = existing.postSource(post.id);
    if (source !== undefined && source !== 'import') {
      recordedLive.add(post.id);
      batch.skip('message already recorded by the bot');
      continue;
    }
    post.authorIsBot ||= isBot(post.guildId, post.authorId);
    postOps.push({ kind: 'post', post });
  }

  const reactionOps: IngestOp[] = [];
  for (const reaction of batch.reactions) {
    if (recordedLive.has(reaction.messageId)) batch.skip('reaction on a message already recorded by the bot');
    else reactionOps.push({ kind: 'reactionAdded', reaction });
  }
  const tallyOps: IngestOp[] = [];
  for (const tally of batch.tallies) {
    if (recordedLive.has(tally.messageId)) batch.skip('reaction count on a message already recorded by the bot');
    else tallyOps.push({ kind: 'reactionTally', ...tally });
  }

  return {
    // Guilds before the channels and members in them: the store only writes rows whose guild exists.
    ops: [...guildOps, ...channelOps, ...memberOps, ...postOps, ...reactionOps, ...tallyOps],
    counts: {
      guilds: batch.guilds.size,
      channels: batch.channels.size,
      members: batch.members.size,
      posts: postOps.length,
      reactions: reactionOps.length,
      tallies: tallyOps.length,
    },
  };
}

function omitDraftFields<T extends { explicit: boolean; nsfw: boolean | undefined }>(draft: T): Omit<T, 'explicit' | 'nsfw'> {
  const { explicit: _explicit, nsfw: _nsfw, ...rest } = draft;
  return rest;
}

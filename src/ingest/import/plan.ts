/**
 * The guild, channel and member rows a file's drafts turn into, given what the database held before the import.
 *
 * Rules (the reasons an import can be re-run and can run next to a live bot):
 * - A guild, channel or member row the database already has is left alone, unless the file declares it (JSONL)
 *   and says something different, or the stored row is a placeholder an earlier import made (a guild named by its
 *   id, a channel of kind 'other') and the file knows better. Fields a file does not know keep their stored value.
 *   Unchanged rows get no op at all, so their write times stay put.
 * - Guilds come first: the store only writes rows whose guild exists.
 *
 * Messages, reactions and reaction counts do not pass through here: they stream to the database as they are read
 * (import-writer.ts), and their rules live there.
 */
import type { IngestOp } from '../records.js';
import type { EntityDrafts } from './entity-drafts.js';
import type { IssueCollector } from './errors.js';
import type { ExistingRows } from './types.js';

/** One write, and whether it creates the row (for the summary's "new" counts) or updates a stored one. */
export interface PlannedOp {
  op: IngestOp;
  creates: boolean;
}

export function planEntities(drafts: EntityDrafts, existing: ExistingRows, now: number, issues: IssueCollector): PlannedOp[] {
  const guildOps: PlannedOp[] = [];
  const channelOps: PlannedOp[] = [];
  const memberOps: PlannedOp[] = [];

  for (const draft of drafts.guilds.values()) {
    const stored = existing.guild(draft.id);
    if (stored === undefined) {
      const guild = { id: draft.id, name: draft.name ?? draft.id, ownerId: null, preferredLocale: 'en-US' };
      guildOps.push({ op: { kind: 'guild', guild, at: now }, creates: true });
    } else if (draft.name !== null && stored.name === draft.id && draft.name !== draft.id) {
      const guild = { id: draft.id, name: draft.name, ownerId: stored.ownerId, preferredLocale: stored.preferredLocale };
      guildOps.push({ op: { kind: 'guild', guild, at: now }, creates: false });
    }
  }

  for (const draft of drafts.channels.values()) {
    const stored = existing.channel(draft.id);
    if (stored !== undefined && stored.guildId !== draft.guildId) {
      issues.add(`channel ${draft.id} belongs to guild ${stored.guildId} in the database, not to guild ${draft.guildId}`);
      continue;
    }
    if (stored === undefined) {
      const channel = { ...omitDraftFields(draft), nsfw: draft.nsfw ?? false, ownerId: null, archived: false };
      channelOps.push({ op: { kind: 'channel', channel, at: now }, creates: true });
      continue;
    }
    const mayUpdate = draft.explicit || (stored.kind === 'other' && draft.kind !== 'other');
    const nsfw = draft.nsfw ?? stored.nsfw;
    const differs =
      stored.parentId !== draft.parentId || stored.name !== draft.name || stored.kind !== draft.kind || stored.nsfw !== nsfw;
    if (mayUpdate && differs) {
      const channel = { ...omitDraftFields(draft), nsfw, ownerId: null, archived: stored.archived };
      channelOps.push({ op: { kind: 'channel', channel, at: now }, creates: false });
    }
  }

  for (const draft of drafts.members.values()) {
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
    const changed =
      stored !== undefined &&
      draft.explicit &&
      (stored.username !== member.username ||
        stored.displayName !== member.displayName ||
        stored.isBot !== member.isBot ||
        stored.joinedAt !== member.joinedAt);
    if (stored === undefined || changed) memberOps.push({ op: { kind: 'member', member, at: now }, creates: stored === undefined });
  }

  return [...guildOps, ...channelOps, ...memberOps];
}

function omitDraftFields<T extends { explicit: boolean; nsfw: boolean | undefined }>(draft: T): Omit<T, 'explicit' | 'nsfw'> {
  const { explicit: _explicit, nsfw: _nsfw, ...rest } = draft;
  return rest;
}

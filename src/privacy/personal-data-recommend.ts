/**
 * Personal data in recommendations and digests. A member's own impressions, feedback, picks presses, digest
 * preference and composed digests are theirs and go. What other members were shown of the member's posts (their
 * impressions, their feedback on those posts, items in their digests and in the community digest) goes too: the
 * posts are erased, and those rows would otherwise keep the post ids and the author's id.
 */
import type Database from 'better-sqlite3';
import type { DigestItem } from '../digest/digest-items.js';
import type { DataSubject, Erasure, PersonalDataTable, Row } from './personal-data-sql.js';
import { all, inGuild, ownPosts, run } from './personal-data-sql.js';

/** An item belongs to the member when it is their post or its explanation names them. */
function isAbout(item: DigestItem, userId: string, posts: ReadonlySet<string>): boolean {
  return item.authorId === userId || item.reason.authorId === userId || posts.has(item.postId);
}

/** What a member may see of an item: which post, where and why, without another member's id. */
function exportedItem(item: DigestItem, userId: string): Row {
  return {
    postId: item.postId,
    channelId: item.channelId,
    threadId: item.threadId,
    createdAt: item.createdAt,
    reason: item.reason.kind,
    ...(item.authorId === userId ? { authorId: userId } : {}),
  };
}

function parseItems(value: unknown): DigestItem[] {
  return typeof value === 'string' ? (JSON.parse(value) as DigestItem[]) : [];
}

function ownPostIds(sqlite: Database.Database, subject: DataSubject): Set<string> {
  return new Set((sqlite.prepare(`SELECT id FROM posts WHERE author_id = @userId AND ${inGuild()}`).all(subject) as { id: string }[]).map((r) => r.id));
}

/**
 * Drops the member's items from every JSON item list in `table` (within the subject's guilds) and returns how
 * many rows changed. Every item of a stored post carries its author's id (posts.author_id is never null), so only
 * lists holding the member's id are read; they are small (a digest's size) and rewritten in JS.
 */
function dropItemsAbout(sqlite: Database.Database, erasure: Erasure, table: 'member_digests' | 'digest_runs'): number {
  const posts = ownPostIds(sqlite, erasure);
  const rows = sqlite
    .prepare(`SELECT rowid AS rid, items FROM ${table} WHERE instr(items, @userId) > 0 AND ${inGuild()}`)
    .all(erasure) as { rid: number; items: string }[];
  const update = sqlite.prepare(`UPDATE ${table} SET items = ? WHERE rowid = ?`);
  let changed = 0;
  for (const row of rows) {
    const items = parseItems(row.items);
    const kept = items.filter((item) => !isAbout(item, erasure.userId, posts));
    if (kept.length === items.length) continue;
    changed += update.run(JSON.stringify(kept), row.rid).changes;
  }
  return changed;
}

export const recommendTables: readonly PersonalDataTable[] = [
  {
    table: 'recommendation_impressions',
    export: (s, subject) =>
      all(
        s,
        `SELECT guild_id, member_id, post_id, surface, shown_at, rank, method, reason, day
           FROM recommendation_impressions WHERE member_id = @userId AND ${inGuild()}`,
        subject,
      ),
    erase: (s, erasure) =>
      run(s, [`DELETE FROM recommendation_impressions WHERE (member_id = @userId OR post_id IN ${ownPosts}) AND ${inGuild()}`], erasure),
  },
  {
    table: 'recommendation_feedback',
    export: (s, subject) =>
      all(
        s,
        `SELECT guild_id, member_id, post_id, kind, channel_id, at, CASE WHEN author_id = @userId THEN author_id END AS author_id
           FROM recommendation_feedback WHERE member_id = @userId AND ${inGuild()}`,
        subject,
      ),
    erase: (s, erasure) =>
      run(s, [`DELETE FROM recommendation_feedback WHERE (member_id = @userId OR author_id = @userId) AND ${inGuild()}`], erasure),
  },
  {
    table: 'digest_picks_presses',
    export: (s, subject) => all(s, `SELECT guild_id, member_id, day, at FROM digest_picks_presses WHERE member_id = @userId AND ${inGuild()}`, subject),
    erase: (s, erasure) => run(s, [`DELETE FROM digest_picks_presses WHERE member_id = @userId AND ${inGuild()}`], erasure),
  },
  {
    table: 'digest_preferences',
    export: (s, subject) =>
      all(s, `SELECT guild_id, member_id, mode, dm_closed_at, locale, updated_at FROM digest_preferences WHERE member_id = @userId AND ${inGuild()}`, subject),
    erase: (s, erasure) => run(s, [`DELETE FROM digest_preferences WHERE member_id = @userId AND ${inGuild()}`], erasure),
  },
  {
    table: 'digest_settings',
    // An admin's setup stays for the server, without their id.
    export: (s, subject) => all(s, `SELECT guild_id, updated_by, updated_at FROM digest_settings WHERE updated_by = @userId AND ${inGuild()}`, subject),
    erase: (s, erasure) => run(s, [`UPDATE digest_settings SET updated_by = @pseudonym WHERE updated_by = @userId AND ${inGuild()}`], erasure),
  },
  {
    table: 'member_digests',
    // The member's own digests (items stripped of other authors' ids); their delivery is in delivery_outbox.
    export: (s, subject) =>
      all(
        s,
        `SELECT guild_id, member_id, day, kind, items, method, composed_at
           FROM member_digests WHERE member_id = @userId AND ${inGuild()}`,
        subject,
      ).map((row) => ({ ...row, items: parseItems(row.items).map((item) => exportedItem(item, subject.userId)) })),
    erase: (s, erasure) =>
      run(s, [`DELETE FROM member_digests WHERE member_id = @userId AND ${inGuild()}`], erasure) + dropItemsAbout(s, erasure, 'member_digests'),
  },
  {
    table: 'digest_runs',
    // The community digests that featured the member's posts: only those items.
    export: (s, subject) => {
      const posts = ownPostIds(s, subject);
      return all(s, `SELECT guild_id, day, items FROM digest_runs WHERE ${inGuild()}`, subject).flatMap((row) => {
        const items = parseItems(row.items).filter((item) => isAbout(item, subject.userId, posts));
        return items.length === 0 ? [] : [{ guild_id: row.guild_id, day: row.day, items: items.map((item) => exportedItem(item, subject.userId)) }];
      });
    },
    erase: (s, erasure) => dropItemsAbout(s, erasure, 'digest_runs'),
  },
];

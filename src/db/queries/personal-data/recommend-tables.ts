/**
 * Personal data in recommendations and digests. A member's own impressions, feedback, picks presses, digest
 * preference and composed digests are theirs and go. What other members were shown of the member's posts (their
 * impressions, their feedback on those posts, items in their digests and in the community digest) goes too: the
 * posts are erased, and those rows would otherwise keep the post ids and the author's id.
 */
import type Database from 'better-sqlite3';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { drizzleOf, type Db } from '../../connection.js';
import type { DigestItem } from '../../json-types.js';
import { digestRuns, memberDigests, posts } from '../../schema.js';
import type { DataSubject, Erasure, PersonalDataTable, Row } from './statements.js';
import { all, inGuild, memberOwnedTable, ownPosts, run } from './statements.js';

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

/** `column = subject's guild`, or no condition when the subject is every guild. */
function inSubjectGuild(column: SQLiteColumn, subject: DataSubject): SQL | undefined {
  return subject.guildId === null ? undefined : eq(column, subject.guildId);
}

function ownPostIds(sqlite: Database.Database, subject: DataSubject): Set<string> {
  const rows = drizzleOf(sqlite)
    .select({ id: posts.id })
    .from(posts)
    .where(and(eq(posts.authorId, subject.userId), inSubjectGuild(posts.guildId, subject)))
    .all();
  return new Set(rows.map((r) => r.id));
}

/** A stored item list that names the member, and how to write a shorter one back. */
interface ItemList {
  items: DigestItem[];
  replace(items: DigestItem[]): number;
}

/** `instr` finds the member's id in the JSON text: only lists that can hold one of their items are read. */
const namesMember = (items: SQLiteColumn, guild: SQLiteColumn, subject: DataSubject) =>
  and(sql`instr(${items}, ${subject.userId}) > 0`, inSubjectGuild(guild, subject));

function memberDigestListsNaming(db: Db, subject: DataSubject): ItemList[] {
  const t = memberDigests;
  return db
    .select({ guildId: t.guildId, memberId: t.memberId, day: t.day, items: t.items })
    .from(t)
    .where(namesMember(t.items, t.guildId, subject))
    .all()
    .map((row) => ({
      items: row.items,
      replace: (items) => db.update(t).set({ items }).where(and(eq(t.guildId, row.guildId), eq(t.memberId, row.memberId), eq(t.day, row.day))).run().changes,
    }));
}

function runListsNaming(db: Db, subject: DataSubject): ItemList[] {
  const t = digestRuns;
  return db
    .select({ guildId: t.guildId, day: t.day, items: t.items })
    .from(t)
    .where(namesMember(t.items, t.guildId, subject))
    .all()
    .map((row) => ({
      items: row.items,
      replace: (items) => db.update(t).set({ items }).where(and(eq(t.guildId, row.guildId), eq(t.day, row.day))).run().changes,
    }));
}

/**
 * Drops the member's items from every JSON item list in `table` (within the subject's guilds) and returns how
 * many rows changed. Every item of a stored post carries its author's id (posts.author_id is never null), so only
 * lists holding the member's id are read; they are small (a digest's size) and rewritten in JS.
 */
function dropItemsAbout(sqlite: Database.Database, erasure: Erasure, table: 'member_digests' | 'digest_runs'): number {
  const db = drizzleOf(sqlite);
  const own = ownPostIds(sqlite, erasure);
  const lists = table === 'member_digests' ? memberDigestListsNaming(db, erasure) : runListsNaming(db, erasure);
  let changed = 0;
  for (const list of lists) {
    const kept = list.items.filter((item) => !isAbout(item, erasure.userId, own));
    if (kept.length < list.items.length) changed += list.replace(kept);
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
  memberOwnedTable('digest_picks_presses', 'guild_id, member_id, day, at, last_at, presses'),
  memberOwnedTable('digest_preferences', 'guild_id, member_id, mode, dm_closed_at, locale, updated_at'),
  {
    table: 'digest_settings',
    // An admin's setup stays for the server, without their id.
    export: (s, subject) => all(s, `SELECT guild_id, updated_by, updated_at FROM digest_settings WHERE updated_by = @userId AND ${inGuild()}`, subject),
    erase: (s, erasure) => run(s, [`UPDATE digest_settings SET updated_by = @pseudonym WHERE updated_by = @userId AND ${inGuild()}`], erasure),
  },
  {
    table: 'member_digests',
    // The member's own digests (items stripped of other authors' ids); their delivery is in delivery_outbox.
    export: (s, subject) => {
      const t = memberDigests;
      return drizzleOf(s)
        .select({
          guild_id: t.guildId,
          member_id: t.memberId,
          day: t.day,
          kind: t.kind,
          items: t.items,
          method: t.method,
          composed_at: t.composedAt,
        })
        .from(t)
        .where(and(eq(t.memberId, subject.userId), inSubjectGuild(t.guildId, subject)))
        .all()
        .map((row) => ({ ...row, items: row.items.map((item) => exportedItem(item, subject.userId)) }));
    },
    erase: (s, erasure) =>
      run(s, [`DELETE FROM member_digests WHERE member_id = @userId AND ${inGuild()}`], erasure) + dropItemsAbout(s, erasure, 'member_digests'),
  },
  {
    table: 'digest_runs',
    // The community digests that featured the member's posts: only those items.
    export: (s, subject) => {
      const own = ownPostIds(s, subject);
      const rows = drizzleOf(s)
        .select({ guildId: digestRuns.guildId, day: digestRuns.day, items: digestRuns.items })
        .from(digestRuns)
        .where(inSubjectGuild(digestRuns.guildId, subject))
        .all();
      return rows.flatMap((row) => {
        const items = row.items.filter((item) => isAbout(item, subject.userId, own));
        return items.length === 0 ? [] : [{ guild_id: row.guildId, day: row.day, items: items.map((item) => exportedItem(item, subject.userId)) }];
      });
    },
    erase: (s, erasure) => dropItemsAbout(s, erasure, 'digest_runs'),
  },
];

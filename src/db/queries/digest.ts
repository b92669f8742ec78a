/**
 * Digest queries: the guild's setup and each member's choice, who is due a DM digest, the deletions a batch checks
 * against, "Show my picks" presses and a member's stored digest for a day. Drizzle's query builder, prepared once per
 * connection, except the due-member read (EXISTS over posts and reactions with an index hint, SQL). Storing a
 * composed digest and enqueueing its delivery live with the composer (src/digest/digest-composer.ts).
 */
import { and, eq, sql } from 'drizzle-orm';
import {
  digestPicksPresses,
  digestPreferences,
  digestRuns,
  digestSettings,
  memberDigests,
  type DigestSettings,
  type MemberDigest,
} from '../schema.js';
import { perConnection } from './per-connection.js';

export type DigestPreference = typeof digestPreferences.$inferSelect;

export const digestQueries = perConnection((sqlite, db) => {
  const p = sql.placeholder;
  const settings = db.select().from(digestSettings).where(eq(digestSettings.guildId, p('guildId'))).prepare();
  const preference = db
    .select()
    .from(digestPreferences)
    .where(and(eq(digestPreferences.guildId, p('guildId')), eq(digestPreferences.memberId, p('memberId'))))
    .prepare();
  const markDmClosed = db
    .update(digestPreferences)
    .set({ dmClosedAt: sql`${p('at')}`, updatedAt: sql`${p('at')}` })
    .where(and(eq(digestPreferences.guildId, p('guildId')), eq(digestPreferences.memberId, p('memberId'))))
    .prepare();
  const memberDigest = db
    .select()
    .from(memberDigests)
    .where(and(eq(memberDigests.guildId, p('guildId')), eq(memberDigests.memberId, p('memberId')), eq(memberDigests.day, p('day'))))
    .prepare();
  const run = db
    .select({ day: digestRuns.day })
    .from(digestRuns)
    .where(and(eq(digestRuns.guildId, p('guildId')), eq(digestRuns.day, p('day'))))
    .prepare();
  const recordPress = db
    .insert(digestPicksPresses)
    .values({ guildId: p('guildId'), memberId: p('memberId'), day: p('day'), at: p('at'), lastAt: p('at'), presses: 1 })
    .onConflictDoUpdate({
      target: [digestPicksPresses.guildId, digestPicksPresses.memberId, digestPicksPresses.day],
      set: { lastAt: sql`excluded.last_at`, presses: sql`${digestPicksPresses.presses} + 1` },
    })
    .prepare();
  // Members who chose DMs, are present, accept DMs, have not opted out (composing would record a digest about them),
  // have no digest for the day yet, and were active since `activeSince` (a post, by the author index, or a reaction).
  const dueMembers = sqlite
    .prepare<[guildId: string, day: string, activeSince: number, activeSinceAgain: number], string>(
      `SELECT p.member_id FROM digest_preferences p
         JOIN members m ON m.guild_id = p.guild_id AND m.user_id = p.member_id AND m.left_at IS NULL AND m.is_bot = 0
        WHERE p.guild_id = ? AND p.mode = 'dm' AND p.dm_closed_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM privacy_opt_outs o WHERE o.guild_id = p.guild_id AND o.user_id = p.member_id)
          AND NOT EXISTS (SELECT 1 FROM member_digests d WHERE d.guild_id = p.guild_id AND d.member_id = p.member_id AND d.day = ?)
          AND (EXISTS (SELECT 1 FROM posts x INDEXED BY posts_author_idx WHERE x.guild_id = p.guild_id AND x.author_id = p.member_id AND x.created_at >= ?)
            OR EXISTS (SELECT 1 FROM reactions r WHERE r.guild_id = p.guild_id AND r.user_id = p.member_id AND r.at >= ?))
        ORDER BY p.member_id`,
    )
    .pluck();
  const storeDigest = sqlite.prepare<[guildId: string, memberId: string, day: string, kind: MemberDigest['kind'], items: string, method: string, at: number]>(
    `INSERT OR IGNORE INTO member_digests (guild_id, member_id, day, kind, items, method, composed_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const deletedSince = sqlite
    .prepare<[guildId: string, since: number], string>(`SELECT id FROM posts WHERE guild_id = ? AND created_at >= ? AND deleted_at IS NOT NULL`)
    .pluck();

  return {
    settings: (guildId: string): DigestSettings | undefined => settings.get({ guildId }),
    saveSettings(row: DigestSettings): void {
      db.insert(digestSettings).values(row).onConflictDoUpdate({ target: digestSettings.guildId, set: row }).run();
    },
    preference: (guildId: string, memberId: string): DigestPreference | undefined => preference.get({ guildId, memberId }),
    savePreference(row: DigestPreference): void {
      db.insert(digestPreferences)
        .values(row)
        .onConflictDoUpdate({ target: [digestPreferences.guildId, digestPreferences.memberId], set: row })
        .run();
    },
    markDmClosed: (guildId: string, memberId: string, at: number): void => {
      markDmClosed.run({ guildId, memberId, at });
    },
    /** Member ids due a DM digest for `day`, in member order. */
    dueDmMembers: (guildId: string, day: string, activeSince: number): string[] => dueMembers.all(guildId, day, activeSince, activeSince),
    /** The guild's posts created since `since` that are deleted now. */
    deletedPostIdsSince: (guildId: string, since: number): string[] => deletedSince.all(guildId, since),
    /** Whether the guild had a daily digest on `day` (a picks button belongs to one). */
    hasRun: (guildId: string, day: string): boolean => run.get({ guildId, day }) !== undefined,
    /** One row per member and day: a press after the first adds to its count. */
    recordPicksPress: (press: { guildId: string; memberId: string; day: string; at: number }): void => {
      recordPress.run(press);
    },
    /** Stores a composed personal digest once per member and day; false when one was already stored. */
    storeMemberDigest: (digest: Omit<MemberDigest, 'composedAt'>, at: number): boolean =>
      storeDigest.run(digest.guildId, digest.memberId, digest.day, digest.kind, JSON.stringify(digest.items), digest.method, at).changes === 1,
    /** The member's personal digest for the day, if one was composed. */
    personalDigest: (guildId: string, memberId: string, day: string): MemberDigest | undefined => memberDigest.get({ guildId, memberId, day }),
  };
});

export type DigestQueries = ReturnType<typeof digestQueries>;

/**
 * The digest's side of delivery, as plain data: what a day's community post and each member's DM show at the moment
 * they are sent (items re-checked by the send-time filters, src/recommend/filter/send-time-filters.ts), and what is remembered once
 * Discord accepted one (the community message's id, the impressions of the DM's items) or refused a DM (50007: the
 * member's DMs are marked closed and the picks button serves them). The delivery outbox does the sending; its
 * digest rows are keyed `digest:<guild>:<day>:…` (digestDeliveryPrefix).
 */
import type Database from 'better-sqlite3';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { enqueueDelivery } from '../db/queries/delivery-outbox.js';
import { digestPreferences, digestRuns, memberDigests } from '../db/schema-recommend.js';
import type { ChannelAccess } from '../recommend/channel-access.js';
import type { RecommendService } from '../recommend/recommend-service.js';
import type { DigestItem } from './digest-items.js';
import { markDmClosed } from './digest-settings-store.js';

/** The dedupe-key prefix of a day's digest deliveries in one guild. */
export function digestDeliveryPrefix(guildId: string, day: string): string {
  return `digest:${guildId}:${day}:`;
}

/** Enqueues the day's community post (once), to the run's channel. */
export function enqueueCommunityDigest(sqlite: Database.Database, run: { guildId: string; day: string; channelId: string }, at: number): void {
  enqueueDelivery(sqlite, {
    guildId: run.guildId,
    sender: 'digest',
    kind: 'community',
    dedupeKey: `${digestDeliveryPrefix(run.guildId, run.day)}community`,
    channelId: run.channelId,
    payload: { day: run.day },
    at,
  });
}

/** Enqueues a member's DM digest (once per member and day). */
export function enqueueDirectDigest(sqlite: Database.Database, guildId: string, memberId: string, day: string, at: number): void {
  enqueueDelivery(sqlite, {
    guildId,
    sender: 'digest',
    kind: 'dm',
    dedupeKey: `${digestDeliveryPrefix(guildId, day)}dm:${memberId}`,
    userId: memberId,
    payload: { day },
    at,
  });
}

export interface PersonalDigestToSend {
  items: DigestItem[];
  method: string;
  /** The member's client language when they chose DMs (null: the guild's). */
  memberLocale: string | null;
}

export interface DigestDeliveriesOptions {
  sqlite: Database.Database;
  db: Db;
  access: ChannelAccess;
  recommend: RecommendService;
  now: () => number;
}

export class DigestDeliveries {
  constructor(private readonly options: DigestDeliveriesOptions) {}

  /**
   * The community digest's items that every member who can read `channelId` (where it is about to be posted) may
   * view now, and that pass every other send-time filter; null when the run is gone.
   */
  async community(guildId: string, day: string, channelId: string): Promise<DigestItem[] | null> {
    const { db, access, recommend } = this.options;
    const run = db
      .select()
      .from(digestRuns)
      .where(and(eq(digestRuns.guildId, guildId), eq(digestRuns.day, day)))
      .get();
    if (!run) return null;
    // Permissions, members, deletions, moderation and opt-outs may have changed since composing: re-check against
    // the readers as they are now.
    const readers = await access.forReadersOf(guildId, channelId);
    return readers ? recommend.showableNow(guildId, readers, run.items) : [];
  }

  /**
   * The member's digest of the day with only what holds now; 'not-a-member' when they left, 'not-wanted' when they no
   * longer want it (DMs turned off, or opted out, since it was composed).
   */
  async personal(guildId: string, memberId: string, day: string): Promise<PersonalDigestToSend | 'not-a-member' | 'not-wanted' | null> {
    const { db, access, recommend } = this.options;
    const digest = db
      .select()
      .from(memberDigests)
      .where(and(eq(memberDigests.guildId, guildId), eq(memberDigests.memberId, memberId), eq(memberDigests.day, day)))
      .get();
    if (!digest) return null;
    const reader = await access.forMember(guildId, memberId);
    if (!reader) return 'not-a-member';
    const preference = db
      .select({ locale: digestPreferences.locale, mode: digestPreferences.mode })
      .from(digestPreferences)
      .where(and(eq(digestPreferences.guildId, guildId), eq(digestPreferences.memberId, memberId)))
      .get();
    // The member's choice as it is now, not as it was when the digest was composed.
    if (preference?.mode !== 'dm' || recommend.optedOutMembers(guildId).has(memberId)) return 'not-wanted';
    // Deletions, moderation, opt-outs and permissions may have changed since composing: send only what holds now.
    return { items: await recommend.showableNow(guildId, reader, digest.items), method: digest.method, memberLocale: preference?.locale ?? null };
  }

  /** Discord accepted the community post: the run remembers its message. */
  communityPosted(guildId: string, day: string, messageId: string): void {
    this.options.db.update(digestRuns).set({ messageId }).where(and(eq(digestRuns.guildId, guildId), eq(digestRuns.day, day))).run();
  }

  /** Discord accepted the DM: its items were shown (they stay out of the member's later digests). */
  directSent(guildId: string, memberId: string, day: string, sent: PersonalDigestToSend, at: number): void {
    this.options.recommend.recordImpressions(
      guildId,
      memberId,
      'digest_dm',
      sent.items.map((item) => ({ postId: item.postId, reason: item.reason.kind })),
      sent.method,
      at,
      day,
    );
  }

  /** Discord answered 50007: no DM digests for this member until they choose DM again. */
  dmClosed(guildId: string, memberId: string, at: number): void {
    markDmClosed(this.options.db, guildId, memberId, at);
  }
}

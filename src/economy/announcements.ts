/**
 * Announcements: what the economy and contests tell a guild's channel (a badge, a role reward, a contest's phases
 * and results, an admin notice). Each is enqueued in the delivery outbox in the same transaction as the change it
 * announces, keyed so it is enqueued once; the outbox renders and sends it (commands/render/announcements.ts).
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { enqueueDelivery } from '../db/queries/delivery-outbox.js';

export const announcementPayloadSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('badge'), memberId: z.string(), badge: z.string() }),
  z.object({ kind: z.literal('role_reward'), memberId: z.string(), roleId: z.string(), threshold: z.number() }),
  z.object({ kind: z.literal('admin_notice'), notice: z.literal('missing_manage_roles') }),
  z.object({ kind: z.literal('contest_voting'), contestId: z.number() }),
  z.object({ kind: z.literal('contest_results'), contestId: z.number() }),
  z.object({ kind: z.literal('contest_cancelled'), contestId: z.number() }),
]);
export type AnnouncementPayload = z.infer<typeof announcementPayloadSchema>;

/** Enqueues an announcement once per `dedupeKey`; `channelId` null: the guild's configured announcement channel. */
export function enqueueAnnouncement(
  sqlite: Database.Database,
  a: { guildId: string; channelId: string | null; payload: AnnouncementPayload; dedupeKey: string; at: number },
): boolean {
  return enqueueDelivery(sqlite, {
    guildId: a.guildId,
    sender: 'announcement',
    kind: a.payload.kind,
    dedupeKey: a.dedupeKey,
    channelId: a.channelId,
    payload: a.payload,
    at: a.at,
  });
}

import { eq } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { guilds } from '../db/schema.js';

/**
 * Discord Developer Policy #21: message content may not train models without Discord's permission. Text-derived
 * model features are therefore off for every guild until one of its admins turns them on, knowingly.
 */
export function contentFeaturesEnabled(db: Db, guildId: string): boolean {
  return db.select({ on: guilds.contentFeatures }).from(guilds).where(eq(guilds.id, guildId)).get()?.on ?? false;
}

/** Returns false when the guild is unknown (the bot has not recorded it yet), so nothing is written. */
export function setContentFeatures(db: Db, guildId: string, enabled: boolean, at: number): boolean {
  const result = db.update(guilds).set({ contentFeatures: enabled, updatedAt: at }).where(eq(guilds.id, guildId)).run();
  return result.changes > 0;
}

import type { Db } from '../db/connection.js';
import { privacyQueries } from '../db/queries/privacy.js';

/**
 * Discord Developer Policy #21: message content may not train models without Discord's permission. Text-derived
 * model features are therefore off for every guild until one of its admins turns them on, knowingly.
 */
export function contentFeaturesEnabled(db: Db, guildId: string): boolean {
  return privacyQueries(db.$client).contentFeaturesEnabled(guildId);
}

/** Returns false when the guild is unknown (the bot has not recorded it yet), so nothing is written. */
export function setContentFeatures(db: Db, guildId: string, enabled: boolean, at: number): boolean {
  return privacyQueries(db.$client).setContentFeatures(guildId, enabled, at);
}

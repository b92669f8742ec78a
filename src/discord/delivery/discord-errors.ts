import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';

/**
 * What a failed Discord request means for a retry:
 * - `dm-closed`: the member does not accept DMs from attune (50007); only they can change it, and the sender is told;
 * - `forbidden`: attune lacks a permission or access; only an admin can fix it, and retrying spends Discord's
 *   invalid-request budget;
 * - `gone`: the channel, message, member, user or role no longer exists;
 * - `transient`: network, 5xx: try again later.
 * 429s never get here: discord.js queues and retries them.
 */
export type DiscordFailure = 'dm-closed' | 'forbidden' | 'gone' | 'transient';

const FORBIDDEN = new Set<number>([RESTJSONErrorCodes.MissingAccess, RESTJSONErrorCodes.MissingPermissions]);
const GONE = new Set<number>([
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.UnknownGuild,
  RESTJSONErrorCodes.UnknownMember,
  RESTJSONErrorCodes.UnknownMessage,
  RESTJSONErrorCodes.UnknownRole,
  RESTJSONErrorCodes.UnknownUser,
]);

export function classifyDiscordError(error: unknown): DiscordFailure {
  if (error instanceof DiscordAPIError) {
    if (error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser) return 'dm-closed';
    if (typeof error.code === 'number' && FORBIDDEN.has(error.code)) return 'forbidden';
    if (typeof error.code === 'number' && GONE.has(error.code)) return 'gone';
    if (error.status === 403) return 'forbidden';
    if (error.status === 404) return 'gone';
  }
  if (error instanceof MissingPermissionError) return 'forbidden';
  return 'transient';
}

/** Thrown before a request attune knows it may not make (checked against the bot's own permissions). */
export class MissingPermissionError extends Error {
  constructor(readonly permission: string) {
    super(`missing permission ${permission}`);
    this.name = 'MissingPermissionError';
  }
}

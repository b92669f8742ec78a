import { DiscordAPIError } from 'discord.js';

/**
 * What a failed Discord request means for a retry: `forbidden` (attune lacks a permission or access: only an admin
 * can fix it, retrying spends Discord's invalid-request budget), `gone` (the channel, member or role no longer
 * exists), or `transient` (network, 5xx: try again next tick). 429s never get here: discord.js queues and retries them.
 */
export type DiscordFailure = 'forbidden' | 'gone' | 'transient';

const FORBIDDEN = new Set([50001, 50013, 50007]);
const GONE = new Set([10003, 10004, 10007, 10008, 10011, 10013]);

export function classifyDiscordError(error: unknown): DiscordFailure {
  if (error instanceof DiscordAPIError) {
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

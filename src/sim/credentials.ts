import { createHash } from 'node:crypto';

/**
 * A bot token shaped like Discord's: base64 of the bot's user id, a base64url timestamp part, and a base64url HMAC
 * part. It is derived from the user id so that runs are reproducible; it never authenticates anywhere real.
 */
export function botTokenFor(botUserId: string): string {
  const idPart = Buffer.from(botUserId, 'utf8').toString('base64').replace(/=+$/, '');
  const timestampPart = Buffer.from(digest(`timestamp:${botUserId}`).subarray(0, 4)).toString('base64url').padEnd(6, 'A');
  const hmacPart = digest(`hmac:${botUserId}`).toString('base64url').slice(0, 38);
  return `${idPart}.${timestampPart.slice(0, 6)}.${hmacPart}`;
}

/** An interaction token shaped like Discord's (it starts with base64 of "interaction:"). */
export function interactionTokenFor(interactionId: string): string {
  const secret = digest(`interaction-token:${interactionId}`).toString('base64url');
  return Buffer.from(`interaction:${interactionId}:${secret}${secret}`, 'utf8').toString('base64url');
}

/** A hex public key shaped like an application's `verify_key`. */
export function verifyKeyFor(applicationId: string): string {
  return digest(`verify-key:${applicationId}`).toString('hex');
}

/** A 32-hex-digit rate-limit bucket hash that stays the same for a route, as Discord's do. */
export function bucketHashFor(routeKey: string): string {
  return digest(`bucket:${routeKey}`).toString('hex').slice(0, 32);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(`attune-fake-discord:${text}`).digest();
}

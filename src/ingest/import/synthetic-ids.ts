/**
 * Ids for things an export does not identify. DCE CSV carries no message ids (and, without options or DCE's
 * default file name, no guild or channel ids either), yet re-importing a file must hit the same rows, so every id
 * here is a pure function of the data.
 */
import { createHash } from 'node:crypto';
import { snowflakeToTime, timeToSnowflake } from '../records.js';

/**
 * Entity ids (guild, channel) are 48-bit hashes. Read as snowflakes they would date from the first 18 hours of
 * 2015, months before Discord issued any id, so they can never collide with a real one; 48 bits keep accidental
 * collisions between synthesized ids negligible.
 */
const ENTITY_ID_MASK = (1n << 48n) - 1n;
const LOW_BITS = 22n;
const LOW_MASK = (1n << LOW_BITS) - 1n;

function digest(parts: readonly (string | number)[]): Buffer {
  // NUL cannot occur in any part we hash (ids, names, file text is NUL-free UTF-8), so joining with it is unambiguous.
  return createHash('sha256').update(parts.join('\u0000')).digest();
}

export function syntheticEntityId(kind: 'guild' | 'channel', ...parts: readonly string[]): string {
  const value = digest([kind, ...parts]).readBigUInt64BE(0) & ENTITY_ID_MASK;
  return (value === 0n ? 1n : value).toString();
}

/** True for ids Discord could have issued (synthetic entity ids and small test ids are not). */
export function isPlausibleSnowflake(id: string): boolean {
  return id.length > 15 || BigInt(id) > ENTITY_ID_MASK;
}

/**
 * Low 22 bits of a message's synthetic id: a hash of what identifies the message within its minute. FNV-1a with a
 * final avalanche step rather than SHA-256: it runs once per row of files with millions of rows, and collisions are
 * resolved by probing anyway, so only speed and spread matter.
 */
export function messageIdHash(parts: readonly (string | number)[]): number {
  const text = parts.join('\u0000');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) & Number(LOW_MASK);
}

/**
 * A message snowflake whose time part is the message's time (so `snowflakeToTime` and id order agree with the
 * data) and whose low 22 bits are `hash + probe`: callers bump `probe` past ids already taken by other messages.
 */
export function messageSnowflake(time: number, hash: number, probe = 0): string {
  const low = (BigInt(hash) + BigInt(probe)) & LOW_MASK;
  return (BigInt(timeToSnowflake(time)) | low).toString();
}

/**
 * When a channel was created: its snowflake's time when the id is a real one, but never after the first message
 * the file has in it (ids made up by hand, or a clock skew, must not date a channel after its own messages).
 */
export function channelCreatedAt(channelId: string, firstActivity: number | undefined, fallback: number): number {
  const fromId = isPlausibleSnowflake(channelId) ? snowflakeToTime(channelId) : undefined;
  if (fromId === undefined) return firstActivity ?? fallback;
  return firstActivity === undefined ? fromId : Math.min(fromId, firstActivity);
}

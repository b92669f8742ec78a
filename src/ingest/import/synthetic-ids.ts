/**
 * Ids for things an export does not identify. DCE CSV carries no message ids (and, without options or DCE's
 * default file name, no guild or channel ids either), yet re-importing a file must hit the same rows, so every id
 * here is a pure function of the data.
 */
import { createHash } from 'node:crypto';
import { snowflakeToTime, timeToSnowflake } from '../records.js';

/**
 * Invented entity ids (guild, channel) must pass for Discord's: commands take 17 to 20 digit snowflakes (a
 * `/digest setup` channel option, a /recommend channel), and anything reading an id's time should find a sane one.
 * So they are snowflakes dated within Discord's first public year, at a time and with low bits taken from a hash
 * of what names the entity: stable across imports, and with ~54 bits of hash no likelier to meet a real id, or
 * each other, than two random ids. Their time is not the channel's: readers that invent an id date the channel by
 * its first message instead (channelCreatedAt).
 */
const INVENTED_FROM = Date.UTC(2015, 4, 13);
const INVENTED_SPAN_MS = 365 * 86_400_000;
/** Below any id Discord issued (the first public ids date from 2015-05): the small ids of tests and hand-made files. */
const SMALL_ID_LIMIT = (1n << 48n) - 1n;
const LOW_BITS = 22n;
const LOW_MASK = (1n << LOW_BITS) - 1n;

function digest(parts: readonly (string | number)[]): Buffer {
  // NUL cannot occur in any part we hash (ids, names, file text is NUL-free UTF-8), so joining with it is unambiguous.
  return createHash('sha256').update(parts.join('\u0000')).digest();
}

export function syntheticEntityId(kind: 'guild' | 'channel', ...parts: readonly string[]): string {
  const hash = digest([kind, ...parts]);
  const time = INVENTED_FROM + (hash.readUInt32BE(0) % INVENTED_SPAN_MS);
  return (BigInt(timeToSnowflake(time)) | (BigInt(hash.readUInt32BE(4)) & LOW_MASK)).toString();
}

/** True for ids whose time part is a real time (small hand-made and test ids are not). */
export function isPlausibleSnowflake(id: string): boolean {
  return id.length > 15 || BigInt(id) > SMALL_ID_LIMIT;
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
 * the file has in it (ids made up by hand, or a clock skew, must not date a channel after its own messages). An id
 * the import invented says nothing: the first message does.
 */
export function channelCreatedAt(channelId: string, firstActivity: number | undefined, fallback: number, invented = false): number {
  const fromId = !invented && isPlausibleSnowflake(channelId) ? snowflakeToTime(channelId) : undefined;
  if (fromId === undefined) return firstActivity ?? fallback;
  return firstActivity === undefined ? fromId : Math.min(fromId, firstActivity);
}

import type { APIPartialEmoji } from 'discord-api-types/v10';
import type { EmojiRef } from './records.js';

/** How tests name an emoji: the unicode character(s), or a custom emoji's id and name. */
export type EmojiInput = string | { id: string; name: string; animated?: boolean };

export function emojiFromInput(input: EmojiInput): EmojiRef {
  if (typeof input === 'string') return parseEmojiIdentifier(input) ?? { id: null, name: input, animated: false };
  return { id: input.id, name: input.name, animated: input.animated ?? false };
}

/**
 * Parses the emoji segment of a reaction route as Discord accepts it: a unicode emoji, or `name:id` (optionally
 * `a:name:id`) for a custom one. Returns null when the segment cannot be an emoji (Discord answers 10014).
 */
export function parseEmojiIdentifier(segment: string): EmojiRef | null {
  const custom = /^(?:(a):)?([\w~-]{1,32}):(\d{15,21})$/.exec(segment);
  if (custom) return { id: custom[3] ?? null, name: custom[2] ?? '', animated: custom[1] === 'a' };
  if (segment.length === 0 || segment.length > 32 || /^[\w\s:]+$/.test(segment)) return null;
  return { id: null, name: segment, animated: false };
}

/** Two emoji refs are the same reaction when their custom id matches, or (unicode) their character does. */
export function sameEmoji(a: EmojiRef, b: EmojiRef): boolean {
  return a.id !== null || b.id !== null ? a.id === b.id : a.name === b.name;
}

export function apiEmoji(emoji: EmojiRef): APIPartialEmoji {
  if (emoji.id === null) return { id: null, name: emoji.name };
  return emoji.animated ? { id: emoji.id, name: emoji.name, animated: true } : { id: emoji.id, name: emoji.name };
}

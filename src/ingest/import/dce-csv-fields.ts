/** Readers for the individual columns of a DCE CSV row. */

export interface EmojiCount {
  /** A unicode emoji, or a custom emoji's name (the CSV does not carry custom emoji ids). */
  emoji: string;
  count: number;
}

const REACTION = /(.+?) \((\d+)\)(?:,|$)/y;

/**
 * `👏 (4),💯 (1),troll (2)` -> counts per emoji. The same name twice (two custom emojis sharing a name) is summed,
 * since tallies are keyed by name. Empty field -> []. Null when the field is not in this shape.
 */
export function parseReactionsField(text: string): EmojiCount[] | null {
  if (text === '') return [];
  const counts = new Map<string, number>();
  REACTION.lastIndex = 0;
  while (REACTION.lastIndex < text.length) {
    const start = REACTION.lastIndex;
    const m = REACTION.exec(text);
    if (m === null || REACTION.lastIndex === start) return null;
    const emoji = m[1]!.trim();
    if (emoji === '') return null;
    counts.set(emoji, (counts.get(emoji) ?? 0) + Number(m[2]));
  }
  if (text.endsWith(',')) return null;
  return [...counts].map(([emoji, count]) => ({ emoji, count }));
}

/** Attachments are written as their URLs (or local paths) joined with commas. */
export function countAttachments(text: string): number {
  if (text.trim() === '') return 0;
  return text.split(',').filter((part) => part.trim() !== '').length;
}

export interface AuthorName {
  /** As written: `name#1234` or, for accounts without a discriminator, `name`. */
  full: string;
  /** Without the discriminator. */
  username: string;
}

export function splitAuthorName(full: string): AuthorName {
  const m = /^(.+)#(\d{4})$/.exec(full);
  return { full, username: m === null ? full : m[1]! };
}

/**
 * The text DCE writes in place of a system message's content (DCE's PlainTextMessageExtensions). A CSV row has no
 * message type, so a row whose whole content is one of these is taken for the system message it almost surely
 * is: a person rarely types exactly "Pinned a message.".
 */
const SYSTEM_TEXTS = new Set([
  'Pinned a message.',
  'Started a thread.',
  'Joined the server.',
  'Changed the channel icon.',
  'Changed the channel name.',
  'Added a recipient.',
  'Removed a recipient.',
  'Left the group.',
  'A poll has closed.',
]);

export function isSystemMessageText(content: string): boolean {
  return SYSTEM_TEXTS.has(content) || (content.startsWith('Started a call') && /^Started a call that lasted [\d,]+ minutes\.$/.test(content));
}

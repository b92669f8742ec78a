/**
 * A post's text as one safe line in a list: the first line with words, markdown markers dropped and what is left
 * escaped (nothing formats the rest of the message), masked links shown as their text and real host (a link cannot
 * pretend to go elsewhere), @everyone and @here broken so they are plain words, user and role mentions kept (embeds
 * and `allowedMentions: []` never ping), spoilers kept hidden (a cut never opens one), at most `max` characters.
 */
import { escapeMarkdown } from 'discord.js';

const DEFAULT_MAX = 120;
const ZERO_WIDTH_SPACE = '\u200b';
const FENCE = /^\s*```/;
const LINE_MARKERS = /^\s*(?:#{1,3}\s+|-#\s+|>>>\s*|>\s*|[-*+]\s+|\d+[.)]\s+)+/;
const MASKED_LINK = /\[([^\]]*)\]\(\s*<?(https?:\/\/[^\s)>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const INLINE_MARKERS = /\*\*|__|~~|`+|(?<![\p{L}\p{N}])\*|\*(?![\p{L}\p{N}])/gu;
const URL = /(https?:\/\/[^\s<>]+)/;
const MENTION = /(<@[!&]?\d+>|<#\d+>)/;

interface Piece {
  text: string;
  spoiler: boolean;
}

export function postSnippet(text: string, max = DEFAULT_MAX): string | null {
  const line = firstLine(text);
  if (line === null) return null;
  const plain = line
    .replace(LINE_MARKERS, '')
    .replace(MASKED_LINK, (_all, label: string, url: string) => `${label.trim()} (${hostOf(url)})`)
    .replace(/<(https?:\/\/[^\s>]+)>/g, '$1')
    .replace(INLINE_MARKERS, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain.length === 0) return null;
  return render(cut(spoilerPieces(plain), max));
}

function firstLine(text: string): string | null {
  for (const line of text.split('\n')) {
    // A code fence line ("```ts") says nothing; a one-line block ("```x```") is its text.
    const words = FENCE.test(line) ? line.replace(/```\w*/g, '') : line;
    if (words.trim().length > 0) return words;
  }
  return null;
}

function hostOf(url: string): string {
  try {
    return new globalThis.URL(url).host;
  } catch {
    return url;
  }
}

/** `a ||b|| c` → pieces with b marked as a spoiler; an unclosed `||` hides the rest (as Discord would not, but safely). */
function spoilerPieces(line: string): Piece[] {
  const parts = line.split('||');
  return parts.map((text, i) => ({ text, spoiler: i % 2 === 1 })).filter((piece) => piece.text.length > 0);
}

/** At most `max` visible characters; a spoiler cut short stays a spoiler. */
function cut(pieces: Piece[], max: number): { pieces: Piece[]; cut: boolean } {
  const kept: Piece[] = [];
  let left = max;
  for (const piece of pieces) {
    if (piece.text.length <= left) {
      kept.push(piece);
      left -= piece.text.length;
      continue;
    }
    if (left > 0) kept.push({ text: piece.text.slice(0, left).trimEnd(), spoiler: piece.spoiler });
    return { pieces: kept, cut: true };
  }
  return { pieces: kept, cut: false };
}

function render({ pieces, cut }: { pieces: Piece[]; cut: boolean }): string {
  const body = pieces.map((piece) => (piece.spoiler ? `||${safe(piece.text)}||` : safe(piece.text))).join('');
  return cut ? `${body}…` : body;
}

/** Escapes markdown outside links and mentions (escaping inside them would break them), and defuses mass pings. */
function safe(text: string): string {
  return text
    .split(URL)
    .map((part, i) => (i % 2 === 1 ? part : part.split(MENTION).map((bit, j) => (j % 2 === 1 ? bit : escapeMarkdown(bit))).join('')))
    .join('')
    .replace(/@(everyone|here)/g, `@${ZERO_WIDTH_SPACE}$1`);
}

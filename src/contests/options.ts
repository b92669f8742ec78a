/** Parsing of what moderators and members type into /contest options. */

const SNOWFLAKE = /^\d{17,20}$/;
const MAX_AHEAD_MS = 90 * 86_400_000;

export type DeadlineProblem = 'format' | 'past' | 'too_far';

/**
 * A deadline as typed: a duration from now (`90m`, `48h`, `3d`) or a UTC date (`2026-12-01`, `2026-12-01 18:00`,
 * or ISO 8601 with an offset).
 */
export function parseDeadline(input: string, now: number): { at: number } | { problem: DeadlineProblem } {
  const text = input.trim();
  const relative = /^(\d{1,5})\s*(m|h|d)$/i.exec(text);
  let at: number | null = null;
  if (relative) {
    const unit = relative[2]!.toLowerCase();
    at = now + Number(relative[1]) * (unit === 'm' ? 60_000 : unit === 'h' ? 3_600_000 : 86_400_000);
  } else if (/^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$/.test(text)) {
    at = Date.parse(`${text.replace(' ', 'T')}${text.length === 10 ? 'T00:00' : ''}Z`);
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    at = Date.parse(text);
  }
  if (at === null || Number.isNaN(at)) return { problem: 'format' };
  if (at <= now) return { problem: 'past' };
  if (at - now > MAX_AHEAD_MS) return { problem: 'too_far' };
  return { at };
}

/** A message id from a message link (`https://discord.com/channels/g/c/m`) or a bare id. */
export function messageIdFrom(input: string): string | null {
  const text = input.trim();
  if (SNOWFLAKE.test(text)) return text;
  const link = /^https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/channels\/(?:\d+|@me)\/\d+\/(\d{17,20})\/?$/.exec(text);
  return link ? link[1]! : null;
}

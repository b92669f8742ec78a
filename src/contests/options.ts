/** Parsing of what moderators and members type into /contest options. */
import { zonedTimeToInstant } from '../lib/zoned-time.js';

const SNOWFLAKE = /^\d{17,20}$/;
const MAX_AHEAD_MS = 90 * 86_400_000;

export type DeadlineProblem = 'format' | 'past' | 'too_far';

/**
 * A deadline as typed: a duration from now (`90m`, `48h`, `3d`), a date and time on the guild's clock
 * (`2026-12-01`, `2026-12-01 18:00`, in `timeZone`), or ISO 8601 with an explicit offset.
 */
export function parseDeadline(input: string, now: number, timeZone: string): { at: number } | { problem: DeadlineProblem } {
  const text = input.trim();
  const relative = /^(\d{1,5})\s*(m|h|d)$/i.exec(text);
  const local = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$/.exec(text);
  let at: number | null = null;
  if (relative) {
    const unit = relative[2]!.toLowerCase();
    at = now + Number(relative[1]) * (unit === 'm' ? 60_000 : unit === 'h' ? 3_600_000 : 86_400_000);
  } else if (local) {
    const [year, month, day, hour, minute] = local.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number];
    const valid = month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59;
    at = valid ? zonedTimeToInstant(year, month, day, hour, minute, timeZone) : null;
    // 2026-02-31 would roll over to March: refuse a date the calendar does not have.
    if (at !== null && new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) at = null;
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

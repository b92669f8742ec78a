/**
 * Calendar arithmetic in a guild's time zone with the platform's Intl time-zone data (no dependency): the local day
 * and hour of an instant, where a local day, week or month starts and ends, and a local wall-clock time as an
 * instant. Every feature that speaks of "a day" (digest hour, daily caps, streaks, leaderboard weeks and months,
 * contest deadlines typed as dates, /stats days) uses these with the guild's one time zone (src/settings/).
 *
 * DST-safe: days are found by their local date, never by adding 24 hours, so a 23- or 25-hour day is one day, and a
 * local midnight that does not exist (a zone that springs forward at 00:00) starts the day at its first instant.
 */

export const UTC = 'UTC';
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Whether `name` is an IANA time zone this runtime knows. */
export function isValidTimeZone(name: string): boolean {
  if (name.length === 0) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

let zoneList: readonly string[] | null = null;

/** Every IANA zone the runtime knows (canonical names), UTC first: what `/settings timezone` autocompletes. */
export function knownTimeZones(): readonly string[] {
  zoneList ??= [UTC, ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== UTC)];
  return zoneList;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(at: number, timeZone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(at))) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

export interface LocalTime {
  /** YYYY-MM-DD in the zone (sorts like the calendar). */
  day: string;
  hour: number;
}

export function localTime(at: number, timeZone: string): LocalTime {
  const w = wallClock(at, timeZone);
  return { day: isoDay(w.year, w.month, w.day), hour: w.hour };
}

/** The zone's offset from UTC at `at`, in ms (east positive). */
function offsetAt(at: number, timeZone: string): number {
  const w = wallClock(at, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/**
 * The instant a local wall-clock time names in the zone. A time skipped by a DST change resolves to the instant
 * the clock jumped over it (the same wall time read with the earlier offset); a repeated one to its first occurrence.
 */
export function zonedTimeToInstant(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  const first = naive - offsetAt(naive, timeZone);
  const second = naive - offsetAt(first, timeZone);
  // Two candidates when the offsets differ: the earlier one that shows the asked-for wall time is the first occurrence.
  const candidates = [first, second].sort((a, b) => a - b);
  for (const candidate of candidates) {
    const w = wallClock(candidate, timeZone);
    if (w.year === year && w.month === month && w.day === day && w.hour === hour && w.minute === minute) return candidate;
  }
  // Skipped by the clock: the wall time read with the offset before the change, which lands just past the gap.
  return Math.max(first, second);
}

const dayStarts = new Map<string, number>();
/** Local day starts remembered (the economy asks for the same few days once per event it decides). */
const DAY_STARTS_KEPT = 4096;

/** The first instant of the local calendar day `day` (YYYY-MM-DD) in the zone. */
export function startOfLocalDay(day: string, timeZone: string): number {
  const key = `${timeZone} ${day}`;
  const known = dayStarts.get(key);
  if (known !== undefined) return known;
  const start = findStartOfLocalDay(day, timeZone);
  if (dayStarts.size >= DAY_STARTS_KEPT) dayStarts.clear();
  dayStarts.set(key, start);
  return start;
}

function findStartOfLocalDay(day: string, timeZone: string): number {
  const [year, month, date] = parseDay(day);
  let at = zonedTimeToInstant(year, month, date, 0, 0, timeZone);
  // A zone whose midnight was skipped (DST at 00:00) starts the day at the first instant that carries its date.
  while (localTime(at, timeZone).day < day) at += 15 * MINUTE_MS;
  while (localTime(at - MINUTE_MS, timeZone).day === day) at -= MINUTE_MS;
  return at;
}

/** The local day containing `at`, as [start, end) instants: 24 hours, or 23 or 25 on a DST change. */
export function localDayRange(at: number, timeZone: string): { start: number; end: number } {
  const day = localTime(at, timeZone).day;
  return { start: startOfLocalDay(day, timeZone), end: startOfLocalDay(addDays(day, 1), timeZone) };
}

/** The local calendar date of `at` as a day number (days since 1970-01-01): consecutive local days differ by 1. */
export function localDayNumber(at: number, timeZone: string): number {
  const [year, month, day] = parseDay(localTime(at, timeZone).day);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** The local week (Monday 00:00 to the next Monday 00:00) containing `at`. */
export function localWeekRange(at: number, timeZone: string): { start: number; end: number } {
  const day = localTime(at, timeZone).day;
  const [year, month, date] = parseDay(day);
  // 0 = Monday.
  const weekday = (new Date(Date.UTC(year, month - 1, date)).getUTCDay() + 6) % 7;
  const monday = addDays(day, -weekday);
  return { start: startOfLocalDay(monday, timeZone), end: startOfLocalDay(addDays(monday, 7), timeZone) };
}

/** The local calendar month containing `at`. */
export function localMonthRange(at: number, timeZone: string): { start: number; end: number } {
  const [year, month] = parseDay(localTime(at, timeZone).day);
  const first = isoDay(year, month, 1);
  const next = month === 12 ? isoDay(year + 1, 1, 1) : isoDay(year, month + 1, 1);
  return { start: startOfLocalDay(first, timeZone), end: startOfLocalDay(next, timeZone) };
}

/** The calendar day `n` days after `day` (YYYY-MM-DD; negative goes back). */
export function addDays(day: string, n: number): string {
  const [year, month, date] = parseDay(day);
  const shifted = new Date(Date.UTC(year, month - 1, date + n));
  return isoDay(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/** The zone's current offset as `UTC+08:00` (`UTC` at zero), for showing a zone next to its name. */
export function utcOffsetLabel(at: number, timeZone: string): string {
  const minutes = Math.round(offsetAt(at, timeZone) / MINUTE_MS);
  if (minutes === 0) return 'UTC';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function parseDay(day: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new RangeError(`not a YYYY-MM-DD day: ${day}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function isoDay(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

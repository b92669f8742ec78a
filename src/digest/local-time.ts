/**
 * Guild-local calendar arithmetic with the platform's Intl time-zone data (no dependency): the local day and hour
 * of an instant, and whether a guild's daily digest is due. DST-safe by construction: "due" means "the local hour
 * has reached the configured hour and today's run has not started", so a skipped hour (spring forward) runs at the
 * next existing hour and a repeated hour (fall back) cannot run twice.
 */

/** Whether `name` is an IANA time zone this runtime knows. */
export function isValidTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name.length > 0;
  } catch {
    return false;
  }
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
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export interface LocalTime {
  /** YYYY-MM-DD in the zone (sorts like the calendar). */
  day: string;
  hour: number;
}

export function localTime(at: number, timeZone: string): LocalTime {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) % 24 };
}

export interface DigestSchedule {
  enabled: boolean;
  hour: number;
  timeZone: string;
  lastRunDay: string | null;
}

/** The local day a run is due for at `now`, or null when none is. */
export function dueDay(schedule: DigestSchedule, now: number): string | null {
  if (!schedule.enabled) return null;
  const local = localTime(now, schedule.timeZone);
  if (local.hour < schedule.hour) return null;
  if (schedule.lastRunDay !== null && schedule.lastRunDay >= local.day) return null;
  return local.day;
}

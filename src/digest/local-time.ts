/**
 * When a guild's daily digest is due, in the guild's time zone (src/lib/zoned-time.ts does the calendar). DST-safe by
 * construction: "due" means "the local hour has reached the configured hour and today's run has not started", so a
 * skipped hour (spring forward) runs at the next existing hour and a repeated hour (fall back) cannot run twice.
 */
import { localTime } from '../lib/zoned-time.js';

export interface DigestSchedule {
  enabled: boolean;
  hour: number;
  /** The guild's time zone (its settings). */
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

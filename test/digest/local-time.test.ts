/** GIVEN guild time zones with DST changes THEN a daily digest is due exactly once per local day, at or after its hour. */
import { describe, expect, it } from 'vitest';
import { dueDay } from '../../src/digest/local-time.js';
import { isValidTimeZone, localTime } from '../../src/lib/zoned-time.js';

const MINUTE = 60_000;

/** Ticks every minute over [from, to) (the day of `from` already ran) and returns the instants a run was claimed. */
function simulate(timeZone: string, hour: number, from: number, to: number): { day: string; at: number }[] {
  const runs: { day: string; at: number }[] = [];
  let lastRunDay: string | null = localTime(from, timeZone).day;
  for (let at = from; at < to; at += MINUTE) {
    const day = dueDay({ enabled: true, hour, timeZone, lastRunDay }, at);
    if (day !== null) {
      runs.push({ day, at });
      lastRunDay = day;
    }
  }
  return runs;
}

describe('digest schedule', () => {
  it('GIVEN New York on the spring-forward day (02:00 does not exist) and hour 2 THEN it runs once, at 03:00 EDT', () => {
    const runs = simulate('America/New_York', 2, Date.parse('2026-03-07T12:00:00Z'), Date.parse('2026-03-10T12:00:00Z'));
    expect(runs.map((r) => r.day)).toEqual(['2026-03-08', '2026-03-09', '2026-03-10']);
    const springDay = runs[0] as { at: number };
    expect(new Date(springDay.at).toISOString()).toBe('2026-03-08T07:00:00.000Z'); // 03:00 EDT
    expect(localTime(springDay.at, 'America/New_York')).toEqual({ day: '2026-03-08', hour: 3 });
  });

  it('GIVEN New York on the fall-back day (01:00 happens twice) and hour 1 THEN it runs once, at the first 01:00', () => {
    const runs = simulate('America/New_York', 1, Date.parse('2026-10-31T12:00:00Z'), Date.parse('2026-11-02T12:00:00Z'));
    expect(runs.map((r) => r.day)).toEqual(['2026-11-01', '2026-11-02']);
    expect(new Date((runs[0] as { at: number }).at).toISOString()).toBe('2026-11-01T05:00:00.000Z'); // 01:00 EDT
  });

  it('GIVEN a zone ahead of UTC THEN the local day, not the UTC day, decides', () => {
    const runs = simulate('Asia/Shanghai', 8, Date.parse('2026-05-31T12:00:00Z'), Date.parse('2026-06-03T00:00:00Z'));
    expect(runs.map((r) => new Date(r.at).toISOString())).toEqual(['2026-06-01T00:00:00.000Z', '2026-06-02T00:00:00.000Z']);
    expect(runs.map((r) => r.day)).toEqual(['2026-06-01', '2026-06-02']);
  });

  it('GIVEN a disabled digest or a day already run THEN nothing is due', () => {
    const at = Date.parse('2026-06-01T12:00:00Z');
    expect(dueDay({ enabled: false, hour: 0, timeZone: 'UTC', lastRunDay: null }, at)).toBeNull();
    expect(dueDay({ enabled: true, hour: 0, timeZone: 'UTC', lastRunDay: '2026-06-01' }, at)).toBeNull();
    expect(dueDay({ enabled: true, hour: 13, timeZone: 'UTC', lastRunDay: null }, at)).toBeNull();
  });

  it('GIVEN time zone names THEN IANA names are accepted and others refused', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

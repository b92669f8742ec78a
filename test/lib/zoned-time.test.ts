/**
 * GIVEN guild time zones with and without DST changes THEN local days, weeks and months start at their local
 * midnight (a 23- or 25-hour day is still one day), local wall-clock times name the right instant, and day numbers
 * of consecutive local days differ by one.
 */
import { describe, expect, it } from 'vitest';
import {
  addDays,
  knownTimeZones,
  localDayNumber,
  localDayRange,
  localMonthRange,
  localWeekRange,
  startOfLocalDay,
  utcOffsetLabel,
  zonedTimeToInstant,
} from '../../src/lib/zoned-time.js';

const iso = (at: number) => new Date(at).toISOString();

describe('zoned time', () => {
  it('GIVEN Shanghai (UTC+8, no DST) THEN its day starts at 16:00 UTC the day before', () => {
    const range = localDayRange(Date.parse('2026-06-01T15:59:00Z'), 'Asia/Shanghai');
    expect(iso(range.start)).toBe('2026-05-31T16:00:00.000Z');
    expect(range.end - range.start).toBe(24 * 3_600_000);
  });

  it('GIVEN New York on the spring-forward and fall-back days THEN the days last 23 and 25 hours', () => {
    const spring = localDayRange(Date.parse('2026-03-08T12:00:00Z'), 'America/New_York');
    expect(iso(spring.start)).toBe('2026-03-08T05:00:00.000Z');
    expect(spring.end - spring.start).toBe(23 * 3_600_000);
    const fall = localDayRange(Date.parse('2026-11-01T12:00:00Z'), 'America/New_York');
    expect(iso(fall.start)).toBe('2026-11-01T04:00:00.000Z');
    expect(fall.end - fall.start).toBe(25 * 3_600_000);
  });

  it('GIVEN a zone whose midnight is skipped by DST (Santiago, September) THEN the day starts at its first instant', () => {
    const start = startOfLocalDay('2026-09-06', 'America/Santiago');
    // Clocks go from 00:00 to 01:00 (UTC-4 to UTC-3): the day's first instant is 01:00 local, 04:00 UTC.
    expect(iso(start)).toBe('2026-09-06T04:00:00.000Z');
  });

  it('GIVEN a week and a month in Berlin THEN they run from local Monday and local 1st midnight', () => {
    const at = Date.parse('2026-03-31T22:30:00Z'); // Wednesday 1 April 00:30 in Berlin (UTC+2)
    const week = localWeekRange(at, 'Europe/Berlin');
    expect(iso(week.start)).toBe('2026-03-29T22:00:00.000Z'); // Monday 30 March 00:00 CEST
    expect(iso(week.end)).toBe('2026-04-05T22:00:00.000Z');
    const month = localMonthRange(at, 'Europe/Berlin');
    expect(iso(month.start)).toBe('2026-03-31T22:00:00.000Z');
    expect(iso(month.end)).toBe('2026-04-30T22:00:00.000Z');
    // The same instant is still March in UTC.
    expect(iso(localMonthRange(at, 'UTC').start)).toBe('2026-03-01T00:00:00.000Z');
  });

  it('GIVEN wall-clock times THEN they name the instant in the zone; a skipped time resolves past the gap', () => {
    expect(iso(zonedTimeToInstant(2026, 12, 1, 18, 0, 'Asia/Shanghai'))).toBe('2026-12-01T10:00:00.000Z');
    expect(iso(zonedTimeToInstant(2026, 11, 1, 1, 30, 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z'); // first 01:30
    expect(iso(zonedTimeToInstant(2026, 3, 8, 2, 30, 'America/New_York'))).toBe('2026-03-08T07:30:00.000Z');
  });

  it('GIVEN instants an hour apart across local midnight THEN their day numbers differ by one', () => {
    const beforeMidnight = Date.parse('2026-06-01T15:30:00Z'); // 23:30 in Shanghai
    expect(localDayNumber(beforeMidnight + 3_600_000, 'Asia/Shanghai') - localDayNumber(beforeMidnight, 'Asia/Shanghai')).toBe(1);
    expect(localDayNumber(beforeMidnight + 3_600_000, 'UTC')).toBe(localDayNumber(beforeMidnight, 'UTC'));
  });

  it('GIVEN the zone list and offsets THEN UTC comes first, common zones are there, and offsets read like clocks', () => {
    const zones = knownTimeZones();
    expect(zones[0]).toBe('UTC');
    expect(zones).toEqual(expect.arrayContaining(['Europe/Berlin', 'Asia/Shanghai', 'America/New_York']));
    expect(utcOffsetLabel(Date.parse('2026-06-01T00:00:00Z'), 'Asia/Kolkata')).toBe('UTC+05:30');
    expect(utcOffsetLabel(Date.parse('2026-01-01T00:00:00Z'), 'America/New_York')).toBe('UTC-05:00');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
  });
});

/**
 * GIVEN the bot's schedules on SimulatedScheduler THEN cron expressions fire at the simulated minutes node-cron would
 * fire them and fixed periods at their period ends (once per step that holds one), never before the start and never
 * after cancel.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedScheduler } from '../../src/tasks/simulated-scheduler.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 5, 1);

describe('SimulatedScheduler', () => {
  it('GIVEN hourly, daily, per-minute and 10-minute schedules and a day in 30-minute steps THEN each fires at its own times', async () => {
    const scheduler = new SimulatedScheduler(START);
    const fired: string[] = [];
    const firesAt: number[] = [];
    scheduler.schedule({ name: 'hourly', schedule: '17 * * * *' }, async () => void fired.push('hourly'));
    scheduler.schedule({ name: 'daily', schedule: '40 4 * * *' }, async () => void fired.push('daily'));
    scheduler.schedule({ name: 'minutely', schedule: '* * * * *' }, async () => void firesAt.push(scheduler.now));
    scheduler.schedule({ name: 'period', schedule: { everyMs: 10 * MINUTE } }, async () => void fired.push('period'));
    for (let at = START + 30 * MINUTE; at <= START + DAY; at += 30 * MINUTE) await scheduler.advanceTo(at);
    expect(fired.filter((f) => f === 'hourly')).toHaveLength(24);
    expect(fired.filter((f) => f === 'daily')).toHaveLength(1);
    // A per-minute schedule fires once per step, at the step's end; so does a 10-minute period.
    expect(firesAt).toHaveLength(48);
    expect(firesAt[0]).toBe(START + 30 * MINUTE);
    expect(fired.filter((f) => f === 'period')).toHaveLength(48);
    expect(scheduler.fireCounts()).toEqual(new Map([['hourly', 24], ['daily', 1], ['minutely', 48], ['period', 48]]));
  });

  it('GIVEN a step that ends before the matching minute, a cancelled entry, and time that does not move THEN nothing fires', async () => {
    const scheduler = new SimulatedScheduler(START + 4 * HOUR);
    let daily = 0;
    let hourly = 0;
    let period = 0;
    scheduler.schedule({ name: 'daily', schedule: '40 4 * * *' }, async () => void (daily += 1));
    const entry = scheduler.schedule({ name: 'hourly', schedule: '17 * * * *' }, async () => void (hourly += 1));
    scheduler.schedule({ name: 'period', schedule: { everyMs: HOUR } }, async () => void (period += 1));
    await scheduler.advanceTo(START + 4 * HOUR + 39 * MINUTE);
    expect(daily).toBe(0);
    expect(hourly).toBe(1);
    expect(period).toBe(0);
    entry.cancel();
    expect(scheduler.scheduled().map((e) => e.name)).toEqual(['daily', 'period']);
    await scheduler.advanceTo(START + 4 * HOUR + 40 * MINUTE);
    await scheduler.advanceTo(START + 4 * HOUR + 40 * MINUTE);
    await scheduler.advanceTo(START + 6 * HOUR);
    expect(daily).toBe(1);
    expect(hourly).toBe(1);
    // Period ends at 05:00 and 06:00 fall in one step: one fire.
    expect(period).toBe(1);
  });
});

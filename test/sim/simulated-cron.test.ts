/**
 * GIVEN the bot's cron expressions registered with SimulatedCron THEN they fire at the simulated minutes node-cron
 * would fire them (once per step that holds a matching minute), never before the start and never after stop.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedCron } from '../../src/sim/simulated-cron.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 5, 1);

describe('SimulatedCron', () => {
  it('GIVEN hourly, daily and per-minute jobs and a day in 30-minute steps THEN each fires at its own minutes', async () => {
    const cron = new SimulatedCron(START);
    const fired: string[] = [];
    cron.jobScheduler('17 * * * *', () => fired.push('hourly'));
    cron.jobScheduler('40 4 * * *', () => fired.push('daily'));
    const digestTimes: number[] = [];
    cron.digestScheduler('* * * * *', (context) => void digestTimes.push(context.date.getTime()), {});
    for (let at = START + 30 * MINUTE; at <= START + DAY; at += 30 * MINUTE) await cron.advanceTo(at);
    expect(fired.filter((f) => f === 'hourly')).toHaveLength(24);
    expect(fired.filter((f) => f === 'daily')).toHaveLength(1);
    // A per-minute job runs once per step, stamped with the step's end.
    expect(digestTimes).toHaveLength(48);
    expect(digestTimes[0]).toBe(START + 30 * MINUTE);
    expect(cron.runCounts()).toEqual(new Map([['17 * * * *', 24], ['40 4 * * *', 1], ['* * * * *', 48]]));
  });

  it('GIVEN a step that ends before the matching minute, a stopped job, and time that does not move THEN nothing fires', async () => {
    const cron = new SimulatedCron(START + 4 * HOUR);
    let daily = 0;
    let hourly = 0;
    cron.jobScheduler('40 4 * * *', () => (daily += 1));
    const job = cron.jobScheduler('17 * * * *', () => (hourly += 1));
    await cron.advanceTo(START + 4 * HOUR + 39 * MINUTE);
    expect(daily).toBe(0);
    expect(hourly).toBe(1);
    job.stop();
    await cron.advanceTo(START + 4 * HOUR + 40 * MINUTE);
    await cron.advanceTo(START + 4 * HOUR + 40 * MINUTE);
    await cron.advanceTo(START + 6 * HOUR);
    expect(daily).toBe(1);
    expect(hourly).toBe(1);
  });
});

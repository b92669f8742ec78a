/**
 * GIVEN the production scheduler THEN a cron expression fires on the wall clock through node-cron and a fixed period
 * through an interval, and a cancelled entry fires no more (checked against an entry that keeps firing meanwhile).
 */
import { expect, it, vi } from 'vitest';
import { silentLogger } from '../../src/ops/log.js';
import { CronScheduler } from '../../src/tasks/cron-scheduler.js';

it('GIVEN a per-second expression and a 20 ms period THEN both fire; once cancelled they fire no more', async () => {
  const scheduler = new CronScheduler(silentLogger);
  const fires = { cron: 0, period: 0, witness: 0 };
  const cron = scheduler.schedule({ name: 'every-second', schedule: '* * * * * *' }, async () => void (fires.cron += 1));
  const period = scheduler.schedule({ name: 'period', schedule: { everyMs: 20 } }, async () => void (fires.period += 1));
  await vi.waitFor(() => expect(fires.cron).toBeGreaterThanOrEqual(1), { timeout: 5_000, interval: 20 });
  await vi.waitFor(() => expect(fires.period).toBeGreaterThanOrEqual(2), { timeout: 5_000, interval: 5 });
  cron.cancel();
  period.cancel();
  const atCancel = { ...fires };
  // A witness on both clocks: once it has fired past the next second and many periods, the cancelled ones would have too.
  const witness = scheduler.schedule({ name: 'witness', schedule: '* * * * * *' }, async () => void (fires.witness += 1));
  await vi.waitFor(() => expect(fires.witness).toBeGreaterThanOrEqual(2), { timeout: 5_000, interval: 20 });
  witness.cancel();
  expect(fires.cron).toBe(atCancel.cron);
  expect(fires.period).toBe(atCancel.period);
});

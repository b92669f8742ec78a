/**
 * GIVEN tasks on the TaskRunner THEN a per-guild task sees only this process's guilds and a global task runs only in
 * the process holding shard 0; a run never overlaps itself (a scheduled fire during a run is skipped, a manual run
 * waits for it); a failure is logged and the next run goes ahead; stop() aborts the run in progress, waits for it,
 * and nothing is scheduled afterwards.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ALL_GUILDS, shardScope } from '../../src/ops/guild-scope.js';
import { createLogger, silentLogger } from '../../src/ops/log.js';
import { SimulatedScheduler } from '../../src/tasks/simulated-scheduler.js';
import type { Task, TaskRun } from '../../src/tasks/task.js';
import { TaskRunner } from '../../src/tasks/task-runner.js';

const START = Date.UTC(2026, 5, 1);
const MINUTE = 60_000;
// Two guilds of a two-shard bot: (id >> 22) % 2 is 0 for the first and 1 for the second.
const SHARD0_GUILD = String(2n << 22n);
const SHARD1_GUILD = String(3n << 22n);

/** A promise the test resolves when it chooses. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('TaskRunner', () => {
  it('GIVEN shard 1 of 2 THEN per-guild runs see only its guilds and global tasks are not scheduled there; shard 0 has both', async () => {
    const seen: string[][] = [];
    const perGuild: Task = { name: 'per-guild', schedule: '* * * * *', scope: 'per-guild', run: ({ owns }) => void seen.push([SHARD0_GUILD, SHARD1_GUILD].filter(owns)) };
    let globalRuns = 0;
    const global: Task = { name: 'global', schedule: '* * * * *', scope: 'global', run: () => void (globalRuns += 1) };

    const shard1 = new SimulatedScheduler(START);
    const runner1 = new TaskRunner(shard1, shardScope([1], 2), silentLogger);
    runner1.add(perGuild);
    runner1.add(global);
    expect(runner1.scheduled().map((t) => t.name)).toEqual(['per-guild']);
    await shard1.advanceTo(START + MINUTE);
    await runner1.run('global');
    expect(seen).toEqual([[SHARD1_GUILD]]);
    expect(globalRuns).toBe(0);

    const shard0 = new SimulatedScheduler(START);
    const runner0 = new TaskRunner(shard0, shardScope([0], 2), silentLogger);
    runner0.add(perGuild);
    runner0.add(global);
    await shard0.advanceTo(START + MINUTE);
    expect(seen).toEqual([[SHARD1_GUILD], [SHARD0_GUILD]]);
    expect(globalRuns).toBe(1);
  });

  it('GIVEN a run in progress THEN a scheduled fire is skipped and a manual run starts after it, once for all callers', async () => {
    const scheduler = new SimulatedScheduler(START);
    const runner = new TaskRunner(scheduler, ALL_GUILDS, silentLogger);
    const first = gate();
    const firstStarted = gate();
    const events: string[] = [];
    let runs = 0;
    runner.add({
      name: 'slow',
      schedule: '* * * * *',
      scope: 'per-guild',
      async run() {
        const n = ++runs;
        events.push(`start ${n}`);
        if (n === 1) {
          firstStarted.open();
          await first.opened;
        }
        events.push(`end ${n}`);
      },
    });
    const inProgress = runner.run('slow');
    await firstStarted.opened;
    // The scheduled fire meets the run in progress: it is skipped (and the simulated step waits for that run).
    const step = scheduler.advanceTo(START + MINUTE);
    const [a, b] = [runner.run('slow'), runner.run('slow')];
    expect(events).toEqual(['start 1']);
    first.open();
    await Promise.all([inProgress, step, a, b]);
    expect(events).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
    await runner.idle('slow');
  });

  it('GIVEN a run that fails THEN the failure is logged with the task name and the next run goes ahead', async () => {
    const lines: string[] = [];
    const log = createLogger('error', new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }));
    const runner = new TaskRunner(new SimulatedScheduler(START), ALL_GUILDS, log);
    let runs = 0;
    runner.add({
      name: 'flaky',
      schedule: '* * * * *',
      scope: 'global',
      run() {
        runs += 1;
        if (runs === 1) throw new Error('boom');
      },
    });
    await runner.run('flaky');
    await runner.run('flaky');
    expect(runs).toBe(2);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ task: 'flaky', err: { message: 'boom' }, msg: 'scheduled task failed; it runs again at its next time' });
  });

  it('GIVEN a run that meets a database locked by another connection THEN it is a warning, not an error, and the next run goes ahead', async () => {
    const lines: string[] = [];
    const log = createLogger('warn', new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }));
    const runner = new TaskRunner(new SimulatedScheduler(START), ALL_GUILDS, log);
    let runs = 0;
    runner.add({
      name: 'locked',
      schedule: '* * * * *',
      scope: 'global',
      run() {
        runs += 1;
        if (runs === 1) throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      },
    });
    await runner.run('locked');
    await runner.run('locked');
    expect(runs).toBe(2);
    expect(lines.map((line) => JSON.parse(line) as { level: number; msg: string; task: string })).toEqual([
      expect.objectContaining({ level: 40, task: 'locked', msg: 'database is busy; scheduled task runs again at its next time' }),
    ]);
  });

  it('GIVEN a run in progress WHEN the runner stops THEN its signal aborts, stop() waits for it, and nothing runs or is scheduled after', async () => {
    const scheduler = new SimulatedScheduler(START);
    const runner = new TaskRunner(scheduler, ALL_GUILDS, silentLogger);
    const steps: number[] = [];
    const started = gate();
    let runs = 0;
    runner.add({
      name: 'batch',
      schedule: '* * * * *',
      scope: 'per-guild',
      async run({ signal }: TaskRun) {
        runs += 1;
        started.open();
        // One step per macrotask until told to stop, like a delivery checking between messages.
        for (let step = 0; step < 1_000 && !signal.aborted; step++) {
          steps.push(step);
          await new Promise((resolve) => setImmediate(resolve));
        }
      },
    });
    const running = runner.run('batch');
    await started.opened;
    await runner.stop();
    const stepsAtStop = steps.length;
    expect(stepsAtStop).toBeLessThan(1_000);
    await running;
    expect(steps).toHaveLength(stepsAtStop);
    expect(scheduler.scheduled()).toEqual([]);
    await runner.run('batch');
    await scheduler.advanceTo(START + 10 * MINUTE);
    expect(runs).toBe(1);
  });
});

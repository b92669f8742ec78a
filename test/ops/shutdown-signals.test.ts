/**
 * GIVEN the signal handler around a stop() THEN one signal stops gracefully and exits 0, a failing stop exits 1, and
 * a second signal or a stop that outlasts the limit exits 1 at once with a log line (a duplicate delivered within
 * DUPLICATE_SIGNAL_MS is the same request).
 */
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { DUPLICATE_SIGNAL_MS, handleShutdownSignals } from '../../src/ops/shutdown.js';
import { captureLog, type CapturedLog } from '../helpers/log-capture.js';

let signals: EventEmitter;
let exits: number[];
let capture: CapturedLog;
let clock: number;
let finishStop: (() => void) | null;

beforeEach(() => {
  vi.useFakeTimers();
  signals = new EventEmitter();
  exits = [];
  capture = captureLog('info');
  clock = 0;
  finishStop = null;
});
afterEach(() => vi.useRealTimers());

function install(stop: () => Promise<void>, timeoutMs = 20_000): void {
  handleShutdownSignals({ stop, log: capture.log, timeoutMs, signals, exit: (code) => exits.push(code), now: () => clock });
}
const pendingStop = () => new Promise<void>((resolve) => (finishStop = resolve));

it('GIVEN SIGTERM THEN the stop runs once and the process exits 0 when it is done', async () => {
  let stops = 0;
  install(() => ((stops += 1), pendingStop()));
  signals.emit('SIGTERM', 'SIGTERM');
  await vi.advanceTimersByTimeAsync(100);
  expect(exits).toEqual([]);
  finishStop?.();
  await vi.advanceTimersByTimeAsync(0);
  expect(stops).toBe(1);
  expect(exits).toEqual([0]);
});

it('GIVEN a stop that fails THEN the process exits 1', async () => {
  install(() => Promise.reject(new Error('disk gone')));
  signals.emit('SIGINT', 'SIGINT');
  await vi.advanceTimersByTimeAsync(0);
  expect(exits).toEqual([1]);
  expect(capture.text()).toContain('unclean shutdown');
});

it('GIVEN a second signal during a slow stop THEN it exits 1 at once, but a duplicate within the window is ignored', async () => {
  install(pendingStop);
  signals.emit('SIGINT', 'SIGINT');
  clock += DUPLICATE_SIGNAL_MS - 1;
  signals.emit('SIGTERM', 'SIGTERM');
  expect(exits).toEqual([]);
  clock += 2_000;
  signals.emit('SIGINT', 'SIGINT');
  expect(exits).toEqual([1]);
  expect(capture.text()).toContain('second signal during shutdown');
  // The stop finishing later does not exit a second time.
  finishStop?.();
  await vi.advanceTimersByTimeAsync(0);
  expect(exits).toEqual([1]);
});

it('GIVEN a stop that outlasts the limit THEN it exits 1 with a log line at the limit', async () => {
  install(pendingStop, 20_000);
  signals.emit('SIGTERM', 'SIGTERM');
  await vi.advanceTimersByTimeAsync(19_999);
  expect(exits).toEqual([]);
  await vi.advanceTimersByTimeAsync(1);
  expect(exits).toEqual([1]);
  expect(capture.text()).toContain('shutdown did not finish in time');
});

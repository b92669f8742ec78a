/**
 * A generated community played live into the fake Discord in accelerated simulated time, with the real bot
 * connected: the shared clock (the fake's snowflakes and the bot's `now`) moves to each action's time as it is
 * played, and at the end of every step the bot is allowed to catch up, then its scheduled tasks (the digest tick, the
 * economy's deadlines, …) run at the simulated time (SimulatedScheduler). Used by the demo and by tests that need
 * days to pass.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Events, type Client } from 'discord.js';
import type { RunningBot } from '../app/bot.js';
import type { Community } from './community.js';
import type { FakeDiscord } from '../sim/index.js';
import { playActions, type PlayedCommunity } from './play-community.js';
import type { SimulatedScheduler } from '../tasks/simulated-scheduler.js';

/** The simulation's time: read by the fake (snowflakes, timestamps) and the bot (`now`); it only moves forward. */
export interface SimClock {
  now(): number;
  set(at: number): void;
}

export function simClock(start: number): SimClock {
  let current = start;
  return {
    now: () => current,
    set: (at) => {
      current = Math.max(current, at);
    },
  };
}

export interface LiveSimulationParts {
  fake: FakeDiscord;
  community: Community;
  played: PlayedCommunity;
  clock: SimClock;
  scheduler: SimulatedScheduler;
}

export interface StepOptions {
  /** The connected bot, or null while it is offline (the guild keeps talking; no jobs run). */
  bot: RunningBot | null;
  /** Simulated time per step (default 15 minutes). */
  stepMs?: number;
  /** Runs at the end of each step, after the bot caught up and its tasks ran (scripted member actions go here). */
  onStep?: (at: number) => Promise<void>;
}

const SETTLE_TIMEOUT_MS = 20_000;

export class LiveSimulation {
  readonly #parts: LiveSimulationParts;
  /** The highest gateway sequence number each connected bot client has received. */
  readonly #received = new WeakMap<Client, number>();

  constructor(parts: LiveSimulationParts) {
    this.#parts = parts;
  }

  /** Call once per started bot, before playing: settle() needs to see what its client received. */
  attach(bot: RunningBot): void {
    this.#received.set(bot.client, 0);
    bot.client.on(Events.Raw, (packet: { s?: number | null }) => {
      if (typeof packet.s === 'number') this.#received.set(bot.client, Math.max(this.#received.get(bot.client) ?? 0, packet.s));
    });
  }

  /**
   * Resolves once the bot's client has received every gateway event the fake has sent it and everything it received
   * is written: afterwards the database reflects the fake.
   */
  async settle(bot: RunningBot): Promise<void> {
    const sent = Math.max(0, ...this.#parts.fake.sessions().filter((s) => s.connected).map((s) => s.lastSequence));
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    while ((this.#received.get(bot.client) ?? 0) < sent) {
      if (Date.now() > deadline) throw new Error(`the bot received gateway events up to ${this.#received.get(bot.client) ?? 0} of ${sent}`);
      await sleep(2);
    }
    // Listeners hand events to the writer in the tick they arrive; let that tick finish, then wait for the commits.
    await sleep(0);
    await bot.idle();
  }

  /** Plays the community's actions from the clock's time until `until`, step by step. Returns how many were played. */
  async runUntil(until: number, options: StepOptions): Promise<number> {
    const { fake, community, played, clock, scheduler } = this.#parts;
    const stepMs = options.stepMs ?? 15 * 60_000;
    let count = 0;
    while (clock.now() < until) {
      const from = clock.now();
      const stepEnd = Math.min(until, from + stepMs);
      count += playActions(fake, community, played, from, stepEnd, (action) => clock.set(action.at));
      clock.set(stepEnd);
      const bot = options.bot;
      if (bot) await this.settle(bot);
      await scheduler.advanceTo(stepEnd);
      if (bot) await options.onStep?.(stepEnd);
    }
    return count;
  }
}

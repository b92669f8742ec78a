/**
 * The part every world fixture shares: a fake Discord and a real database file, fresh for each test and torn down
 * after it whatever happened, with whatever the test started on them (bots in-process or as child processes)
 * stopped first. `register()` wires a world into the suite's hooks.
 */
import { afterEach, beforeEach } from 'vitest';
import type { FakeDiscord, FakeDiscordOptions } from '../../src/sim/index.js';
import { createTempDb, startFake, type TempDb } from './bot-harness.js';

export abstract class FakeWorld {
  #fake: FakeDiscord | null = null;
  #db: TempDb | null = null;

  constructor(private readonly fakeOptions: () => FakeDiscordOptions) {}

  get fake(): FakeDiscord {
    if (!this.#fake) throw new Error('a test world exists only inside a test');
    return this.#fake;
  }

  get db(): TempDb {
    if (!this.#db) throw new Error('a test world exists only inside a test');
    return this.#db;
  }

  /** Stops what the test started (the fake and the database are still there). */
  protected abstract stopStarted(): Promise<void>;

  async open(): Promise<void> {
    this.#fake = await startFake(this.fakeOptions());
    this.#db = createTempDb();
  }

  async close(): Promise<void> {
    const fake = this.#fake;
    // Nothing of the fake may hold a shutdown up: no more 429s, no answer left withheld.
    fake?.stopRateLimitStorm();
    fake?.withholdResponses(null);
    fake?.cutWithheld();
    try {
      await this.stopStarted();
    } finally {
      await fake?.stop();
      this.#db?.dispose();
      this.#fake = null;
      this.#db = null;
    }
  }
}

/** Opens the world before each test of the suite and closes it after. */
export function register<W extends FakeWorld>(world: W): W {
  beforeEach(() => world.open());
  afterEach(() => world.close());
  return world;
}

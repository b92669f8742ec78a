/**
 * What an in-process bot test owns: a fake Discord, a real database file, and the bots (real discord.js clients)
 * started on them, torn down after each test whatever happened; every request a bot made must have been one
 * Discord's spec allows. `botWorld()` registers the set-up and teardown; a test builds its guild on `world.fake`,
 * then starts the bot.
 */
import { expect } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import type { FakeDiscordOptions } from '../../src/sim/index.js';
import { createTempDb, startTestBot, type BotRunOptions, type TempDb } from './bot-harness.js';
import { FakeWorld, register } from './fake-world.js';

export class BotWorld extends FakeWorld {
  readonly #bots: RunningBot[] = [];
  readonly #extraDbs: TempDb[] = [];

  /** Another database, for a second bot that must not share the first one's (disposed at teardown). */
  newDb(): TempDb {
    const db = createTempDb();
    this.#extraDbs.push(db);
    return db;
  }

  /** Starts a bot on the world's database, or on `db` (stopped at teardown unless the test stopped it). */
  async start(options: BotRunOptions = {}, db: TempDb = this.db): Promise<RunningBot> {
    const bot = await startTestBot(this.fake, db, options);
    this.#bots.push(bot);
    return bot;
  }

  protected async stopStarted(): Promise<void> {
    try {
      expect(this.fake.specViolations).toEqual([]);
    } finally {
      // Stopping twice is a no-op, so bots a test already stopped are safe here.
      for (const bot of this.#bots.splice(0)) await bot.stop();
      for (const db of this.#extraDbs.splice(0)) db.dispose();
    }
  }
}

/** A fresh fake Discord and database for each test of the suite, and the teardown of every bot started on them. */
export function botWorld(fakeOptions: () => FakeDiscordOptions = () => ({})): BotWorld {
  return register(new BotWorld(fakeOptions));
}

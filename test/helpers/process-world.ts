/**
 * What a test of attune as operators run it owns (the resilience suites, `npm start`, the shard manager): a fake
 * Discord, a real database file, and the bot process on that file (a child process, so a test can SIGKILL it at any
 * moment and start it again), torn down after each test whatever happened. `processWorld()` registers the set-up
 * and teardown and returns the world the tests use.
 */
import { ChannelType } from 'discord-api-types/v10';
import { expect } from 'vitest';
import type { FakeDiscordOptions } from '../../src/sim/index.js';
import { AttuneProcess, botEnvironment } from './attune-process.js';
import { FakeWorld, register } from './fake-world.js';

const DAY = 86_400_000;

export interface WorldGuild {
  id: string;
  ownerId: string;
  /** Text channel ids by the names asked for. */
  channels: Record<string, string>;
  /** Member ids in the order asked for. */
  members: string[];
}

export class ProcessWorld extends FakeWorld {
  #bot: AttuneProcess | null = null;

  /** The bot process started last. */
  get bot(): AttuneProcess {
    if (!this.#bot) throw new Error('no bot process was started');
    return this.#bot;
  }

  /** Starts the bot (`npm start`) on the world's database; the previous process must have ended (stopped or killed). */
  startBot(env: Record<string, string> = {}): AttuneProcess {
    return this.#start('bot', env);
  }

  /** Starts the shard manager (`npm run start:sharded`) on the world's database. */
  startShardManager(env: Record<string, string> = {}): AttuneProcess {
    return this.#start('shard-manager', env);
  }

  #start(entry: 'bot' | 'shard-manager', env: Record<string, string>): AttuneProcess {
    if (this.#bot?.running) throw new Error('the previous bot process is still running');
    this.#bot = AttuneProcess.start(entry, { env: botEnvironment(this.fake, this.db.path, env) });
    return this.#bot;
  }

  /**
   * A guild with text channels and members who joined 60 days ago (so their reactions and replies pay points, not
   * denied as a new member's). `members` is a count (m0, m1, …) or the usernames.
   */
  guild(name: string, options: { channels: string[]; members: number | string[] }): WorldGuild {
    const { fake } = this;
    const guild = fake.createGuild({ name });
    const channels = Object.fromEntries(options.channels.map((channel) => [channel, fake.createChannel(guild.id, { name: channel, type: ChannelType.GuildText }).id]));
    const usernames = typeof options.members === 'number' ? Array.from({ length: options.members }, (_, i) => `m${i}`) : options.members;
    const joinedAt = Date.now() - 60 * DAY;
    const members = usernames.map((username) => fake.addMember(guild.id, { username }, { joinedAt }).user.id);
    return { id: guild.id, ownerId: guild.owner_id, channels, members };
  }

  /** What must hold at the end of a test: Discord saw only valid requests, the bot logged no error. */
  expectNoFaults(): void {
    expect(this.fake.specViolations).toEqual([]);
    expect(this.bot.errorLines()).toEqual([]);
  }

  protected async stopStarted(): Promise<void> {
    // Graceful where it still runs, so a failing test leaves no process behind and the database closes cleanly.
    await this.#bot?.stop();
    this.#bot = null;
  }
}

/**
 * A fresh fake, database and bot slot for each test of the suite, torn down after it. The world's own connection on
 * the database stays open: resilience tests use it as another process's (one that takes the write lock).
 */
export function processWorld(fakeOptions: () => FakeDiscordOptions = () => ({})): ProcessWorld {
  return register(new ProcessWorld(fakeOptions));
}

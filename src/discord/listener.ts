import type { Client, ClientEvents } from 'discord.js';
import type { Logger } from '../log.js';
import type { GuildSync } from '../ingest/guild-sync.js';
import type { IngestWriter } from '../ingest/ingest-writer.js';

/** What listeners may use. Passed in, never imported as a global. */
export interface BotContext {
  log: Logger;
  writer: IngestWriter;
  sync: GuildSync;
  /** Store message text (only when the MESSAGE_CONTENT intent is granted). */
  keepContent: boolean;
  /** The clock, so tests and the simulation can control time. */
  now: () => number;
}

/** One single-purpose reaction to one gateway event. */
export interface Listener<E extends keyof ClientEvents = keyof ClientEvents> {
  /** `<event><Purpose>`, used in logs. */
  name: string;
  event: E;
  run(ctx: BotContext, ...args: ClientEvents[E]): void | Promise<void>;
}

export function defineListener<E extends keyof ClientEvents>(listener: Listener<E>): Listener<E> {
  return listener;
}

/** Binds listeners so one failing handler is logged and never takes the process (or other listeners) down. */
export function bindListeners(client: Client, ctx: BotContext, listeners: readonly Listener[]): void {
  for (const listener of listeners) {
    const run = listener.run as (ctx: BotContext, a?: unknown, b?: unknown, c?: unknown) => void | Promise<void>;
    const fail = (error: unknown) => ctx.log.error({ err: error, listener: listener.name }, 'listener failed');
    // Fixed arity rather than rest parameters: this runs for every gateway event (no client event has more than 3).
    client.on(listener.event, (a?: unknown, b?: unknown, c?: unknown) => {
      try {
        const result = run(ctx, a, b, c);
        if (result !== undefined) result.catch(fail);
      } catch (error) {
        fail(error);
      }
    });
  }
}

import { Guild, type Client, type ClientEvents } from 'discord.js';
import type { Logger } from '../../ops/log.js';
import type { GuildSync } from '../../ingest/guild-sync.js';
import type { IngestWriter } from '../../ingest/ingest-writer.js';

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
    // Fixed arity rather than rest parameters: this runs for every gateway event (no client event has more than 3).
    client.on(listener.event, (a?: unknown, b?: unknown, c?: unknown) => {
      // Only ids go to the log, never the event object (it holds message text).
      const fail = (error: unknown) => ctx.log.error({ err: error, listener: listener.name, guildId: guildIdOf(a) }, 'listener failed');
      try {
        const result = run(ctx, a, b, c);
        if (result !== undefined) result.catch(fail);
      } catch (error) {
        fail(error);
      }
    });
  }
}

/**
 * The guild a gateway event's first argument belongs to: messages, members, channels and threads have `guildId`, a
 * reaction has it on its message, a guild is itself. Undefined for shard events and DMs.
 */
export function guildIdOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (value instanceof Guild) return value.id;
  if ('guildId' in value && typeof value.guildId === 'string') return value.guildId;
  if ('message' in value && typeof value.message === 'object' && value.message !== null) return guildIdOf(value.message);
  if ('first' in value && typeof value.first === 'function') return guildIdOf((value as { first(): unknown }).first());
  return undefined;
}

import type { GatewayDispatchPayload } from 'discord-api-types/v10';

export type DispatchEvent = GatewayDispatchPayload['t'];
export type DispatchData<E extends DispatchEvent> = Extract<GatewayDispatchPayload, { t: E }>['d'];

/** What a session asked for in IDENTIFY that changes what it is sent. */
export interface SessionView {
  intents: number;
  largeThreshold: number;
}

/**
 * Who receives a dispatch. Guild events go to sessions whose shard holds the guild; DM events to shard 0. `intent`
 * is the intent bit the event needs (0: none). The sender has already checked that the bot can see the event.
 */
export interface Audience {
  guildId: string | null;
  intent: number;
}

export interface Dispatcher {
  dispatch<E extends DispatchEvent>(event: E, audience: Audience, build: (view: SessionView) => DispatchData<E>): void;
}

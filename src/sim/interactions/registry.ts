import type { ApplicationCommandType, InteractionResponseType, InteractionType } from 'discord-api-types/v10';
import type { MessageRecord } from '../state/records.js';
import type { InteractionHandle } from './handle.js';

/** Discord refuses an initial response that comes later than this after the interaction was created. */
export const INITIAL_RESPONSE_DEADLINE_MS = 3000;
/** Interaction tokens (and so their webhooks) stay valid this long. */
export const TOKEN_LIFETIME_MS = 15 * 60 * 1000;

export interface InteractionState {
  id: string;
  token: string;
  type: InteractionType;
  commandType: ApplicationCommandType | null;
  commandName: string | null;
  guildId: string;
  channelId: string;
  userId: string;
  /** For component interactions: the message the component is on. */
  sourceMessageId: string | null;
  callbackType: InteractionResponseType | null;
  originalMessageId: string | null;
  followupIds: string[];
  /** Ephemeral response messages exist only here: not in channel history, not sent over the gateway. */
  ephemeralMessages: Map<string, MessageRecord>;
  handle: InteractionHandle;
}

export class InteractionRegistry {
  readonly #byId = new Map<string, InteractionState>();

  add(state: InteractionState): void {
    this.#byId.set(state.id, state);
  }

  get(id: string): InteractionState | undefined {
    return this.#byId.get(id);
  }

  byToken(token: string): InteractionState | undefined {
    for (const state of this.#byId.values()) if (state.token === token) return state;
    return undefined;
  }

  /** Finds a message by id among every interaction's ephemeral messages. */
  ephemeralMessage(messageId: string): MessageRecord | undefined {
    for (const state of this.#byId.values()) {
      const message = state.ephemeralMessages.get(messageId);
      if (message) return message;
    }
    return undefined;
  }

  dispose(): void {
    for (const state of this.#byId.values()) state.handle.dispose();
  }
}

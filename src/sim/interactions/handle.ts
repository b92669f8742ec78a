import { performance } from 'node:perf_hooks';
import type { APIInteraction, APIMessage, InteractionResponseType } from 'discord-api-types/v10';
import { Waiters } from '../waiters.js';

export type InteractionResponseKind =
  | 'callback'
  | 'edit-original'
  | 'delete-original'
  | 'followup'
  | 'edit-followup'
  | 'delete-followup';

/** A file the bot uploaded with a response (multipart/form-data: `payload_json` + `files[n]`). */
export interface RecordedUpload {
  /** The form field, e.g. `files[0]`. */
  field: string;
  /** The attachment's name as the message shows it (`attachments[].filename` in payload_json, else the part's). */
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** One thing the bot did in answer to an interaction, as the fake received it. */
export interface InteractionResponse {
  kind: InteractionResponseKind;
  /** Milliseconds from the dispatch of INTERACTION_CREATE to this request. */
  elapsedMs: number;
  /** The HTTP status the fake answered with. */
  status: number;
  /** False when Discord would have refused it (late initial response, second acknowledgement, ...). */
  accepted: boolean;
  /** The request body as sent. */
  body: unknown;
  /** The callback type, for `callback`. */
  type?: InteractionResponseType;
  content?: string | null;
  flags?: number;
  /** The message created or edited, when there is one. */
  messageId?: string;
  /** Files uploaded with an accepted response, in form order (absent when there were none). */
  files?: RecordedUpload[];
}

/**
 * What a test holds after invoking a command or clicking a button: the INTERACTION_CREATE payload and everything the
 * bot answered, with timings to check Discord's 3-second deadline.
 */
export class InteractionHandle {
  readonly responses: InteractionResponse[] = [];
  readonly #waiters = new Waiters<InteractionResponse>();
  readonly #dispatchedAt = performance.now();
  readonly #findMessage: (messageId: string) => APIMessage | null;
  #originalMessageId: string | null = null;

  constructor(
    readonly payload: APIInteraction,
    findMessage: (messageId: string) => APIMessage | null,
  ) {
    this.#findMessage = findMessage;
  }

  get id(): string {
    return this.payload.id;
  }

  get token(): string {
    return this.payload.token;
  }

  /** Milliseconds since the interaction was dispatched (monotonic clock, independent of the fake's clock option). */
  elapsedMs(): number {
    return performance.now() - this.#dispatchedAt;
  }

  /** Milliseconds from dispatch to the initial callback, or null before there is one. */
  get msToFirstResponse(): number | null {
    return this.responses.find((response) => response.kind === 'callback')?.elapsedMs ?? null;
  }

  /** Resolves with the initial callback (even a refused one); rejects if none comes within `timeoutMs`. */
  firstResponse(timeoutMs = 5000): Promise<InteractionResponse> {
    return this.waitForResponse((response) => response.kind === 'callback', timeoutMs);
  }

  /** Resolves with the first response (past or future) that matches. */
  waitForResponse(predicate: (response: InteractionResponse) => boolean, timeoutMs = 5000): Promise<InteractionResponse> {
    const existing = this.responses.find(predicate);
    if (existing) return Promise.resolve(existing);
    return this.#waiters.wait(predicate, timeoutMs, `a response to interaction ${this.id}`);
  }

  /** The current state of the original response message (null before one exists or after it is deleted). */
  originalMessage(): APIMessage | null {
    return this.#originalMessageId === null ? null : this.#findMessage(this.#originalMessageId);
  }

  /** Follow-up messages in the order they were sent (deleted ones omitted). */
  followups(): APIMessage[] {
    return this.responses
      .filter((response) => response.kind === 'followup' && response.accepted && response.messageId !== undefined)
      .flatMap((response) => {
        const message = response.messageId === undefined ? null : this.#findMessage(response.messageId);
        return message ? [message] : [];
      });
  }

  /** @internal The fake records each response as it answers the request. */
  record(response: Omit<InteractionResponse, 'elapsedMs'>): InteractionResponse {
    const full: InteractionResponse = { ...response, elapsedMs: this.elapsedMs() };
    this.responses.push(full);
    this.#waiters.notify(full);
    return full;
  }

  /** @internal */
  setOriginalMessageId(messageId: string | null): void {
    this.#originalMessageId = messageId;
  }

  /** @internal */
  dispose(): void {
    this.#waiters.rejectAll('the fake Discord stopped');
  }
}

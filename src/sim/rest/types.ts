import type { SimContext } from '../context.js';
import type { InteractionRegistry } from '../interactions/registry.js';
import type { UploadedFiles } from '../ops/message-body.js';
import type { HttpMethod } from './route-matcher.js';

/** One REST request the fake received, as tests see it. */
export interface RecordedRequest {
  method: string;
  /** Decoded path without the `/api/v10` prefix, e.g. `/channels/123/messages/@original`. */
  path: string;
  /** The route template (`/channels/{channel_id}/messages`), or null when no route matched. */
  route: string | null;
  query: Record<string, string>;
  body: unknown;
  status: number;
  /** The fake's clock when the request arrived. */
  at: number;
}

/** A request Discord would reject for not following its API spec. */
export interface SpecViolation {
  method: string;
  path: string;
  reason: string;
}

export interface RestReply {
  status: number;
  body?: unknown;
}

/** Server-side facts handlers need beyond the simulation. */
export interface RestEnvironment {
  gatewayUrl: () => string;
  identifyCount: () => number;
}

export interface RouteContext {
  sim: SimContext;
  interactions: InteractionRegistry;
  env: RestEnvironment;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  files: UploadedFiles;
}

export interface RouteDefinition {
  method: HttpMethod;
  /** Written exactly as in Discord's OpenAPI spec, so recorded templates match the spec's. */
  template: string;
  /** Interaction callbacks and interaction webhooks are authorized by their token, not the bot token. */
  auth: 'bot' | 'none';
  handler: (context: RouteContext) => RestReply;
}

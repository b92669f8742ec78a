import type { IncomingMessage, ServerResponse } from 'node:http';
import { DiscordApiError, DiscordErrors } from '../api-errors.js';
import { now, type SimContext } from '../context.js';
import type { InteractionRegistry } from '../interactions/registry.js';
import { Waiters } from '../waiters.js';
import { parseBody, type ParsedBody } from './body.js';
import type { Headers, RateLimits } from './rate-limits.js';
import { isHttpMethod, RouteMatcher } from './route-matcher.js';
import type { SpecValidator, SpecVerdict } from './spec-validation.js';
import type { RecordedRequest, RestEnvironment, RestReply, RouteDefinition, SpecViolation } from './types.js';

const API_PREFIX = '/api/v10';

/** An answer decided but not sent (see withholdResponses). */
interface WithheldAnswer {
  response: ServerResponse;
  reply: RestReply;
  headers: Headers;
}
// Routes Discord authorizes by the token in the path instead of the bot token.
const TOKEN_AUTHORIZED_ROUTE = /^\/(interactions\/[^/]+\/[^/]+\/callback|webhooks\/[^/]+\/[^/]+)(\/|$)/;

export interface RestRouterOptions {
  sim: SimContext;
  interactions: InteractionRegistry;
  env: RestEnvironment;
  token: string;
  routes: readonly RouteDefinition[];
  /** Null when spec validation is off: every request then counts as conforming. */
  spec: SpecValidator | null;
  rateLimits: RateLimits;
}

/**
 * The REST half of the fake: decodes `/api/v10` requests, checks them against Discord's spec, authorizes, applies
 * injected rate limits, runs the route's handler and answers in Discord's formats, recording everything.
 */
export class RestRouter {
  readonly requests: RecordedRequest[] = [];
  readonly specViolations: SpecViolation[] = [];
  /** Spec-valid requests the fake has no handler for (answered 404): gaps in the fake, not in the bot. */
  readonly unsupportedRequests: SpecViolation[] = [];
  /** Exceptions thrown by handlers (answered 500): bugs in the fake. */
  readonly serverErrors: Error[] = [];
  readonly recorded = new Waiters<RecordedRequest>();
  readonly #options: RestRouterOptions;
  #withhold: ((request: RecordedRequest) => boolean) | null = null;
  readonly #withheld: WithheldAnswer[] = [];
  readonly #matcher: RouteMatcher<RouteDefinition>;

  constructor(options: RestRouterOptions) {
    this.#options = options;
    this.#matcher = new RouteMatcher(options.routes.map((route) => ({ method: route.method, template: route.template, value: route })));
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readAll(request);
    const url = new URL(request.url ?? '/', 'http://fake-discord');
    const method = (request.method ?? 'GET').toUpperCase();
    const parsed = parseBody(request.headers['content-type'], raw);
    const recorded: RecordedRequest = {
      method,
      path: url.pathname,
      route: null,
      query: Object.fromEntries(url.searchParams),
      body: parsed.json,
      status: 0,
      at: now(this.#options.sim),
    };
    const headers: Headers = {};
    let reply: RestReply;
    try {
      reply = this.#answer(request, url, parsed, recorded, headers);
    } catch (error) {
      reply = this.#errorReply(error);
    }
    recorded.status = reply.status;
    this.requests.push(recorded);
    if (this.#withhold?.(recorded)) this.#withheld.push({ response, reply, headers });
    else send(response, reply, headers);
    this.recorded.notify(recorded);
  }

  /**
   * Requests matching `predicate` still take effect, but their answers are never sent (until the connection is cut
   * by stop()): Discord acted, the bot never heard back, as when a process dies between a request and its answer.
   */
  withholdResponses(predicate: ((request: RecordedRequest) => boolean) | null): void {
    this.#withhold = predicate;
  }

  /** How many answers are withheld right now. */
  get withheldCount(): number {
    return this.#withheld.length;
  }

  /** Sends the withheld answers, oldest first, as they would have been sent; returns how many. */
  releaseWithheld(): number {
    const answers = this.#withheld.splice(0);
    for (const { response, reply, headers } of answers) send(response, reply, headers);
    return answers.length;
  }

  /** Cuts the connections of withheld answers (the client sees a network error); returns how many. */
  dropWithheld(): number {
    const answers = this.#withheld.splice(0);
    for (const { response } of answers) response.destroy();
    return answers.length;
  }

  /** Decides the answer, filling in `recorded` (path, route) and the rate-limit `headers` on the way. */
  #answer(request: IncomingMessage, url: URL, parsed: ParsedBody, recorded: RecordedRequest, headers: Headers): RestReply {
    const { method } = recorded;
    if (!url.pathname.startsWith(`${API_PREFIX}/`)) throw DiscordErrors.notFound();
    const segments = decodeSegments(url.pathname.slice(API_PREFIX.length));
    recorded.path = `/${segments.join('/')}`;
    if (!isHttpMethod(method)) throw DiscordErrors.methodNotAllowed();
    if (parsed.malformed) throw new DiscordApiError(400, 50109, 'The request body contains invalid JSON.');

    const route = this.#matcher.match(method, segments);
    const verdict: SpecVerdict = this.#options.spec?.check(method, segments, parsed.json) ?? {
      kind: 'ok',
      template: route?.template ?? recorded.path,
    };
    const template = route?.template ?? (verdict.kind === 'ok' || verdict.kind === 'invalid-body' ? verdict.template : null);
    recorded.route = template;
    if (verdict.kind !== 'ok') this.specViolations.push({ method, path: recorded.path, reason: verdict.reason });
    if (verdict.kind === 'unknown-route' || template === null) throw DiscordErrors.notFound();
    if (verdict.kind === 'method-not-allowed') throw DiscordErrors.methodNotAllowed();

    const tokenAuthorized = route ? route.value.auth === 'none' : TOKEN_AUTHORIZED_ROUTE.test(recorded.path);
    if (!tokenAuthorized && request.headers.authorization !== `Bot ${this.#options.token}`) throw DiscordErrors.unauthorized();

    const { rateLimits } = this.#options;
    const limited = rateLimits.takeInjection(method, recorded.path, template);
    if (limited) {
      Object.assign(headers, rateLimits.limitedHeaders(limited, method, template, recorded.at));
      const global = limited.global ?? false;
      return { status: 429, body: { message: 'You are being rate limited.', retry_after: limited.retryAfterSeconds, global, code: 0 } };
    }
    Object.assign(headers, rateLimits.headersFor(method, template, route?.params ?? {}, recorded.at));
    if (rateLimits.takeOutage(method, recorded.path, template)) return { status: 503, body: { message: '503: Service Unavailable', code: 0 } };

    if (verdict.kind === 'invalid-body') throw DiscordErrors.invalidFormBody(verdict.errors);
    if (!route) {
      this.unsupportedRequests.push({ method, path: recorded.path, reason: `the fake does not implement ${method} ${template}` });
      throw DiscordErrors.notFound();
    }
    return route.value.handler({
      sim: this.#options.sim,
      interactions: this.#options.interactions,
      env: this.#options.env,
      params: route.params,
      query: url.searchParams,
      body: parsed.json,
      files: parsed.files,
    });
  }

  #errorReply(error: unknown): RestReply {
    if (error instanceof DiscordApiError) return { status: error.status, body: error.body };
    this.serverErrors.push(error instanceof Error ? error : new Error(String(error)));
    return { status: 500, body: { message: '500: Internal Server Error', code: 0 } };
  }
}

function decodeSegments(path: string): string[] {
  try {
    return path
      .split('/')
      .filter((segment) => segment.length > 0)
      .map((segment) => decodeURIComponent(segment));
  } catch {
    throw DiscordErrors.notFound();
  }
}

function send(response: ServerResponse, reply: RestReply, headers: Headers): void {
  const body = reply.status === 204 || reply.body === undefined ? undefined : JSON.stringify(reply.body);
  response.statusCode = reply.status;
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.setHeader('via', '1.1 google');
  if (body === undefined) {
    response.end();
    return;
  }
  response.setHeader('content-type', 'application/json');
  response.setHeader('content-length', Buffer.byteLength(body));
  response.end(body);
}

function readAll(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

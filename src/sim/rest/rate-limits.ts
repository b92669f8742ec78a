import { bucketHashFor } from '../credentials.js';
import { seededRandom } from '../../lib/random.js';

/** A rule that answers the next `times` matching requests with 429. */
export interface RateLimitInjection {
  method?: string;
  /** A route template (`/channels/{channel_id}/messages`) or a concrete path; a RegExp is tried on both. */
  route?: string | RegExp;
  times: number;
  retryAfterSeconds: number;
  global?: boolean;
  /** X-RateLimit-Scope for non-global limits (default "user"). */
  scope?: 'user' | 'shared';
}

/** A rule that answers the next `times` matching requests with 503 before they take effect (a Discord outage). */
export interface OutageInjection {
  method?: string;
  /** As for a rate-limit injection: a route template or a concrete path; a RegExp is tried on both. */
  route?: string | RegExp;
  times: number;
}

/**
 * A storm of 429s: each request (except the login's GET /gateway/bot) is limited with probability `share`; of those,
 * `globalShare` are global limits (every route waits), the rest per-route. Seeded, so a failing run repeats.
 */
export interface RateLimitStorm {
  share: number;
  globalShare: number;
  retryAfterSeconds: number;
  seed: number;
}

interface BucketPolicy {
  limit: number;
  windowMs: number;
}

interface BucketWindow {
  startedAt: number;
  used: number;
}

const DEFAULT_POLICY: BucketPolicy = { limit: 50, windowMs: 1000 };
// The few buckets whose real limits bots notice; everything else reports Discord's common 50/s.
const POLICIES: Record<string, BucketPolicy> = {
  'POST /channels/{channel_id}/messages': { limit: 5, windowMs: 5000 },
  'PATCH /channels/{channel_id}/messages/{message_id}': { limit: 5, windowMs: 5000 },
  'DELETE /channels/{channel_id}/messages/{message_id}': { limit: 5, windowMs: 1000 },
};
const MAJOR_PARAMETERS = ['channel_id', 'guild_id', 'webhook_id', 'interaction_id'] as const;

export type Headers = Record<string, string>;

/**
 * Rate-limit headers and injected 429s. Every route reports one stable bucket hash and a window that counts down, but
 * never to 0: the fake does not enforce limits by itself, so discord.js never holds requests back unless a test
 * injects a limit.
 */
export class RateLimits {
  readonly #injections: { rule: RateLimitInjection; left: number }[] = [];
  readonly #outages: { rule: OutageInjection; left: number }[] = [];
  readonly #windows = new Map<string, BucketWindow>();
  #limitedCount = 0;
  #storm: { rule: RateLimitStorm; random: () => number } | null = null;

  startStorm(rule: RateLimitStorm): void {
    if (!(rule.share >= 0 && rule.share < 1)) throw new RangeError('rate-limit storm: share must be in [0, 1)');
    this.#storm = { rule, random: seededRandom(rule.seed) };
  }

  stopStorm(): void {
    this.#storm = null;
  }

  /** How many requests were answered with an injected 429. */
  get limitedCount(): number {
    return this.#limitedCount;
  }

  inject(rule: RateLimitInjection): void {
    if (!Number.isInteger(rule.times) || rule.times < 1) throw new RangeError('injectRateLimit: times must be a positive integer');
    if (!(rule.retryAfterSeconds >= 0)) throw new RangeError('injectRateLimit: retryAfterSeconds must be >= 0');
    this.#injections.push({ rule, left: rule.times });
  }

  injectOutage(rule: OutageInjection): void {
    if (!Number.isInteger(rule.times) || rule.times < 1) throw new RangeError('injectOutage: times must be a positive integer');
    this.#outages.push({ rule, left: rule.times });
  }

  /** Consumes one injected outage for this request: true when it must be answered 503 without acting. */
  takeOutage(method: string, path: string, template: string | null): boolean {
    const entry = this.#outages.find(({ rule, left }) => left > 0 && matches(rule, method, path, template));
    if (!entry) return false;
    entry.left -= 1;
    if (entry.left === 0) this.#outages.splice(this.#outages.indexOf(entry), 1);
    return true;
  }

  /** Consumes one injected 429 for this request, if a rule matches. */
  takeInjection(method: string, path: string, template: string | null): RateLimitInjection | null {
    const entry = this.#injections.find(({ rule, left }) => left > 0 && matches(rule, method, path, template));
    if (!entry) return this.#stormHit(method, path);
    entry.left -= 1;
    if (entry.left === 0) this.#injections.splice(this.#injections.indexOf(entry), 1);
    this.#limitedCount += 1;
    return entry.rule;
  }

  #stormHit(method: string, path: string): RateLimitInjection | null {
    if (!this.#storm || (method === 'GET' && path === '/gateway/bot')) return null;
    const { rule, random } = this.#storm;
    if (random() >= rule.share) return null;
    this.#limitedCount += 1;
    return { times: 1, retryAfterSeconds: rule.retryAfterSeconds, global: random() < rule.globalShare };
  }

  headersFor(method: string, template: string, params: Record<string, string>, now: number): Headers {
    const routeKey = `${method} ${template}`;
    const policy = POLICIES[routeKey] ?? DEFAULT_POLICY;
    const windowKey = `${routeKey} ${majorParameter(params)}`;
    let window = this.#windows.get(windowKey);
    if (!window || now - window.startedAt >= policy.windowMs) {
      window = { startedAt: now, used: 0 };
      this.#windows.set(windowKey, window);
    }
    window.used += 1;
    const resetAt = window.startedAt + policy.windowMs;
    return {
      'x-ratelimit-bucket': bucketHashFor(routeKey),
      'x-ratelimit-limit': String(policy.limit),
      'x-ratelimit-remaining': String(Math.max(1, policy.limit - window.used)),
      'x-ratelimit-reset': (resetAt / 1000).toFixed(3),
      'x-ratelimit-reset-after': (Math.max(0, resetAt - now) / 1000).toFixed(3),
    };
  }

  limitedHeaders(rule: RateLimitInjection, method: string, template: string, now: number): Headers {
    const retryAfter = String(rule.retryAfterSeconds);
    if (rule.global) {
      return { 'retry-after': retryAfter, 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' };
    }
    const routeKey = `${method} ${template}`;
    return {
      'retry-after': retryAfter,
      'x-ratelimit-bucket': bucketHashFor(routeKey),
      'x-ratelimit-limit': String((POLICIES[routeKey] ?? DEFAULT_POLICY).limit),
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': ((now + rule.retryAfterSeconds * 1000) / 1000).toFixed(3),
      'x-ratelimit-reset-after': rule.retryAfterSeconds.toFixed(3),
      'x-ratelimit-scope': rule.scope ?? 'user',
    };
  }
}

function matches(rule: Pick<RateLimitInjection, 'method' | 'route'>, method: string, path: string, template: string | null): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method) return false;
  if (rule.route === undefined) return true;
  if (typeof rule.route === 'string') return rule.route === path || rule.route === template;
  return rule.route.test(path) || (template !== null && rule.route.test(template));
}

function majorParameter(params: Record<string, string>): string {
  for (const name of MAJOR_PARAMETERS) {
    const value = params[name];
    if (value !== undefined) return `${name}=${value}`;
  }
  return 'global';
}


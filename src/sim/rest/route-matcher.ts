export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export function isHttpMethod(value: string): value is HttpMethod {
  return (HTTP_METHODS as readonly string[]).includes(value);
}

/** One route template, such as `/channels/{channel_id}/messages/{message_id}`, compiled for matching. */
interface CompiledRoute<T> {
  template: string;
  /** A literal segment, or null where the template has a parameter. */
  literals: (string | null)[];
  paramNames: (string | null)[];
  value: T;
}

export interface RouteMatch<T> {
  template: string;
  params: Record<string, string>;
  value: T;
}

/**
 * Matches decoded path segments against route templates. Templates are compiled once; where several match, the one
 * with a literal earliest wins (`/users/@me` beats `/users/{user_id}`, `messages/@original` beats
 * `messages/{message_id}`), which is how Discord's router resolves them.
 */
export class RouteMatcher<T> {
  readonly #byMethodAndLength = new Map<string, CompiledRoute<T>[]>();

  constructor(routes: Iterable<{ method: HttpMethod; template: string; value: T }>) {
    for (const route of routes) {
      const segments = splitTemplate(route.template);
      const compiled: CompiledRoute<T> = {
        template: route.template,
        literals: segments.map((segment) => (isParam(segment) ? null : segment)),
        paramNames: segments.map((segment) => (isParam(segment) ? segment.slice(1, -1) : null)),
        value: route.value,
      };
      const key = `${route.method} ${segments.length}`;
      const list = this.#byMethodAndLength.get(key) ?? [];
      list.push(compiled);
      this.#byMethodAndLength.set(key, list);
    }
    for (const list of this.#byMethodAndLength.values()) list.sort(bySpecificity);
  }

  match(method: HttpMethod, segments: readonly string[]): RouteMatch<T> | null {
    for (const route of this.#byMethodAndLength.get(`${method} ${segments.length}`) ?? []) {
      if (!route.literals.every((literal, index) => literal === null || literal === segments[index])) continue;
      const params: Record<string, string> = {};
      route.paramNames.forEach((name, index) => {
        if (name !== null) params[name] = segments[index] ?? '';
      });
      return { template: route.template, params, value: route.value };
    }
    return null;
  }

  /** The methods some route accepts for this path (to tell 405 from 404). */
  methodsMatching(segments: readonly string[], methods: readonly HttpMethod[]): HttpMethod[] {
    return methods.filter((method) => this.match(method, segments) !== null);
  }
}

export function splitTemplate(template: string): string[] {
  return template.split('/').filter((segment) => segment.length > 0);
}

function isParam(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

function bySpecificity<T>(a: CompiledRoute<T>, b: CompiledRoute<T>): number {
  for (let index = 0; index < a.literals.length; index++) {
    const aLiteral = a.literals[index] !== null;
    const bLiteral = b.literals[index] !== null;
    if (aLiteral !== bLiteral) return aLiteral ? -1 : 1;
  }
  return 0;
}

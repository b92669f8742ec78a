import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { z } from 'zod';
import type { FieldErrors } from '../api-errors.js';
import { HTTP_METHODS, isHttpMethod, RouteMatcher, type HttpMethod } from './route-matcher.js';

export type SpecVerdict =
  | { kind: 'ok'; template: string }
  | { kind: 'unknown-route'; reason: string }
  | { kind: 'method-not-allowed'; reason: string }
  | { kind: 'invalid-body'; template: string; reason: string; errors: FieldErrors };

interface SafeParser {
  safeParse(data: unknown): { success: true } | { success: false; error: { issues: readonly SchemaIssue[] } };
}

interface SchemaIssue {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
}

/** A check of a request body: null when it conforms, else the issues of the closest alternative. */
type BodyCheck = (body: unknown) => readonly SchemaIssue[] | null;

// Held in a variable so TypeScript does not resolve the package's main entry, whose types are an uncompilable .ts file.
const SPEC_MAIN_MODULE: string = 'discord-api-spec';
const SPEC_TYPES_FILE = join('discord-api-spec', 'build', 'discord-api-spec.ts');

const pathsListSchema = z.object({
  pathsList: z.object({
    get: z.array(z.string()),
    put: z.array(z.string()),
    post: z.array(z.string()),
    delete: z.array(z.string()),
    patch: z.array(z.string()),
  }),
});

/**
 * Checks requests against the `discord-api-spec` package (generated from Discord's official OpenAPI spec): the route
 * must exist for the method (its `pathsList`), and the JSON body must satisfy the zod schema of the request body type
 * the spec names for that operation. Bodies the spec describes only inline are not checked.
 */
export class SpecValidator {
  readonly #routes: RouteMatcher<BodyCheck | null>;

  private constructor(routes: RouteMatcher<BodyCheck | null>) {
    this.#routes = routes;
  }

  static #loading: Promise<SpecValidator> | null = null;

  /** Loads and compiles the spec once per process. */
  static load(): Promise<SpecValidator> {
    SpecValidator.#loading ??= SpecValidator.#compile();
    return SpecValidator.#loading;
  }

  static async #compile(): Promise<SpecValidator> {
    let imported: unknown;
    let specSchemas: typeof import('discord-api-spec/zod');
    try {
      imported = await import(SPEC_MAIN_MODULE);
      specSchemas = await import('discord-api-spec/zod');
    } catch (error) {
      throw new Error(
        'fake-discord: the discord-api-spec package (a devDependency) could not be loaded; install dev dependencies, ' +
          'or start the fake with validateAgainstSpec: false',
        { cause: error },
      );
    }
    const { pathsList } = pathsListSchema.parse(imported);
    const bodyTypes = readRequestBodyTypes();
    const schemas = new Map<string, SafeParser>();
    for (const [name, value] of Object.entries(specSchemas)) if (isSafeParser(value)) schemas.set(name, value);

    const routes: { method: HttpMethod; template: string; value: BodyCheck | null }[] = [];
    for (const method of HTTP_METHODS) {
      for (const template of pathsList[lowerCase(method)]) {
        const bodyType = bodyTypes.get(`${method} ${template}`);
        routes.push({ method, template, value: bodyType === undefined ? null : compileBodyCheck(bodyType, schemas) });
      }
    }
    return new SpecValidator(new RouteMatcher(routes));
  }

  check(method: HttpMethod, segments: readonly string[], body: unknown): SpecVerdict {
    const path = `/${segments.join('/')}`;
    const match = this.#routes.match(method, segments);
    if (!match) {
      const allowed = this.#routes.methodsMatching(segments, HTTP_METHODS);
      return allowed.length > 0
        ? { kind: 'method-not-allowed', reason: `${method} is not defined for ${path} (spec allows ${allowed.join(', ')})` }
        : { kind: 'unknown-route', reason: `no route ${path} in the Discord API spec` };
    }
    const issues = match.value?.(body === undefined ? {} : body) ?? null;
    if (issues === null) return { kind: 'ok', template: match.template };
    return {
      kind: 'invalid-body',
      template: match.template,
      reason: `body does not match the spec for ${method} ${match.template}: ${describeIssues(issues)}`,
      errors: fieldErrors(issues),
    };
  }
}

function lowerCase(method: HttpMethod): 'get' | 'put' | 'post' | 'delete' | 'patch' {
  switch (method) {
    case 'GET':
      return 'get';
    case 'PUT':
      return 'put';
    case 'POST':
      return 'post';
    case 'DELETE':
      return 'delete';
    case 'PATCH':
      return 'patch';
  }
}

function isSafeParser(value: unknown): value is SafeParser {
  return typeof value === 'object' && value !== null && 'safeParse' in value && typeof value.safeParse === 'function';
}

/**
 * The request body type each operation names, read from the package's generated `Paths` interface (its runtime
 * entries carry routes but not which schema belongs to which operation). Keys are `METHOD /template`; values are the
 * type expression, e.g. `MessageCreateRequest` or `ApplicationCommandUpdateRequest[] | null`.
 */
function readRequestBodyTypes(): Map<string, string> {
  const file = locateSpecTypesFile();
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((line) => line.startsWith('export interface Paths {'));
  if (start < 0) throw new Error(`discord-api-spec: no Paths interface in ${file}`);
  const result = new Map<string, string>();
  let path: string | null = null;
  let method: HttpMethod | null = null;
  for (let index = start + 1; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line === '}') break;
    const pathMatch = /^ {2}"(\/[^"]*)": \{$/.exec(line);
    if (pathMatch) {
      path = pathMatch[1] ?? null;
      continue;
    }
    const methodMatch = /^ {4}(get|put|post|delete|patch): \{$/.exec(line);
    if (methodMatch) {
      const upper = (methodMatch[1] ?? '').toUpperCase();
      method = isHttpMethod(upper) ? upper : null;
      continue;
    }
    const bodyMatch = /^ {6}requestBody\?: ?(.*)$/.exec(line);
    if (!bodyMatch || path === null || method === null) continue;
    let expression = bodyMatch[1] ?? '';
    // Unions are printed one alternative per line: gather them up to the closing semicolon.
    while (!expression.endsWith(';') && !expression.startsWith('{') && index + 1 < lines.length) {
      index += 1;
      expression += ` ${(lines[index] ?? '').trim()}`;
    }
    if (expression.startsWith('{')) continue;
    result.set(`${method} ${path}`, expression.replace(/;$/, '').trim());
  }
  if (result.size === 0) throw new Error(`discord-api-spec: found no request body types in ${file}`);
  return result;
}

function locateSpecTypesFile(): string {
  const require = createRequire(import.meta.url);
  for (const directory of require.resolve.paths('discord-api-spec') ?? []) {
    const candidate = join(directory, SPEC_TYPES_FILE);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('discord-api-spec: cannot find build/discord-api-spec.ts in node_modules');
}

/** Compiles a body type expression into a check; null (no check) when it names something without a schema. */
function compileBodyCheck(expression: string, schemas: ReadonlyMap<string, SafeParser>): BodyCheck | null {
  const alternatives = expression.replace(/^\|/, '').split('|').map((term) => term.trim()).filter((term) => term !== '');
  if (alternatives.length === 0 || alternatives.every((term) => term === 'undefined')) return null;
  let nullable = false;
  const checks: BodyCheck[] = [];
  for (const term of alternatives) {
    if (term === 'null') {
      nullable = true;
      continue;
    }
    if (term === 'undefined') continue;
    const arrayOf = /^(\w+)\[\]$/.exec(term);
    const schema = schemas.get(`${arrayOf?.[1] ?? term}Schema`);
    if (!schema) return null;
    checks.push(arrayOf ? arrayCheck(schema) : objectCheck(schema));
  }
  return (body) => {
    if (body === null && nullable) return null;
    let closest: readonly SchemaIssue[] | null = null;
    for (const check of checks) {
      const issues = check(body);
      if (issues === null) return null;
      if (closest === null || issues.length < closest.length) closest = issues;
    }
    return closest ?? [{ path: [], message: 'Invalid body' }];
  };
}

function objectCheck(schema: SafeParser): BodyCheck {
  return (body) => {
    const result = schema.safeParse(body);
    if (result.success) return null;
    const issues = result.error.issues.filter((issue) => !isInt64AsString(body, issue));
    return issues.length === 0 ? null : issues;
  };
}

/**
 * Discord encodes 64-bit integers such as permission bit sets as decimal strings (its documentation types
 * `default_member_permissions` as `?string`, and discord.js sends it so); the OpenAPI-derived schemas type them as
 * numbers, which cannot hold them. A digit string where a number is expected is therefore what Discord accepts.
 */
function isInt64AsString(body: unknown, issue: SchemaIssue): boolean {
  if (issue.code !== 'invalid_type' || !/expected number/.test(issue.message)) return false;
  let value: unknown = body;
  for (const key of issue.path) {
    if (typeof value !== 'object' || value === null) return false;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return typeof value === 'string' && /^\d+$/.test(value);
}

function arrayCheck(schema: SafeParser): BodyCheck {
  return (body) => {
    if (!Array.isArray(body)) return [{ path: [], message: 'Expected an array' }];
    const issues: SchemaIssue[] = [];
    const check = objectCheck(schema);
    body.forEach((item: unknown, index) => {
      const itemIssues = check(item);
      if (itemIssues) issues.push(...itemIssues.map((issue) => ({ ...issue, path: [index, ...issue.path] })));
    });
    return issues.length === 0 ? null : issues;
  };
}

function describeIssues(issues: readonly SchemaIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
}

function fieldErrors(issues: readonly SchemaIssue[]): FieldErrors {
  const root: FieldErrors = {};
  for (const issue of issues) {
    let node: FieldErrors = root;
    for (const key of issue.path) {
      const name = String(key);
      const next = node[name];
      if (next === undefined || Array.isArray(next)) {
        const created: FieldErrors = {};
        node[name] = created;
        node = created;
      } else {
        node = next;
      }
    }
    const existing = node._errors;
    const entry = { code: 'BASE_TYPE_INVALID', message: issue.message };
    if (Array.isArray(existing)) existing.push(entry);
    else node._errors = [entry];
  }
  return root;
}

import { z } from 'zod';

/** Discord's limit on a component's custom_id. */
const MAX_CUSTOM_ID = 100;
const SEPARATOR = ':';

/**
 * Builds a button's custom id `prefix:arg:arg…`. The prefix routes the press to its ButtonHandler; the arguments
 * carry the state the press needs (ids, page numbers), so a press works after a restart without server-side state.
 */
export function customId(prefix: string, ...args: (string | number)[]): string {
  const parts = [prefix, ...args.map(String)];
  for (const part of parts) {
    if (part.includes(SEPARATOR)) throw new Error(`custom id part "${part}" contains "${SEPARATOR}"`);
  }
  const id = parts.join(SEPARATOR);
  if (id.length > MAX_CUSTOM_ID) throw new Error(`custom id is ${id.length} characters; Discord allows ${MAX_CUSTOM_ID}`);
  return id;
}

export function parseCustomId(id: string): { prefix: string; args: string[] } {
  const [prefix = '', ...args] = id.split(SEPARATOR);
  return { prefix, args };
}

/** Validates a press's arguments; a malformed id (an old message format, a forged payload) is refused, never guessed. */
export function parseButtonArgs<T extends z.ZodTuple>(schema: T, args: string[]): z.infer<T> | null {
  const result = schema.safeParse(args);
  return result.success ? result.data : null;
}

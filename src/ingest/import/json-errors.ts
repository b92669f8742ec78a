/** Where a JSON.parse failure happened, as a 1-based line (V8 reports a character position, newer ones a line). */
export function jsonErrorLine(error: unknown, text: string): number | undefined {
  const message = error instanceof Error ? error.message : '';
  const explicit = /line (\d+) column \d+/.exec(message);
  if (explicit !== null) return Number(explicit[1]);
  const position = /at position (\d+)/.exec(message);
  if (position === null) return undefined;
  let line = 1;
  const end = Math.min(Number(position[1]), text.length);
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** A zod issue path as JSON-path-ish text: `messages[3].author.id`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

export function describeJsonError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

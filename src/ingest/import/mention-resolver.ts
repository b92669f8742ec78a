/**
 * Resolves `@name` mentions in text exports (DCE CSV renders a user mention as `@` and the user's name). Only
 * names of authors seen in the same file resolve: anything else (role mentions, @everyone, nicknames, users who
 * never posted) is left alone rather than guessed.
 */

const WORD = /[\p{L}\p{N}_]/u;

export class MentionResolver {
  /** Name -> user ids using it (more than one: ambiguous, never resolved). */
  private readonly byName = new Map<string, Set<string>>();
  private readonly lengthSet = new Set<number>();
  /** Distinct name lengths, longest first: a lookup tries each (a few dozen at most) at every `@`. */
  private lengths: number[] | null = null;

  /** Registers a user under each of their names (e.g. `name#1234` and `name`). */
  add(userId: string, names: readonly string[]): void {
    for (const name of names) {
      if (name === '') continue;
      let ids = this.byName.get(name);
      if (ids === undefined) this.byName.set(name, (ids = new Set()));
      ids.add(userId);
      this.lengthSet.add(name.length);
    }
    this.lengths = null;
  }

  /** Ids of the users `text` mentions, in order of first mention, without repeats. */
  resolve(text: string): string[] {
    const found: string[] = [];
    let at = text.indexOf('@');
    while (at >= 0) {
      const id = this.match(text, at + 1);
      if (id !== null && !found.includes(id)) found.push(id);
      at = text.indexOf('@', at + 1);
    }
    return found;
  }

  private match(text: string, start: number): string | null {
    this.lengths ??= [...this.lengthSet].sort((a, b) => b - a);
    for (const length of this.lengths) {
      if (start + length > text.length) continue;
      const ids = this.byName.get(text.slice(start, start + length));
      if (ids === undefined || !endsName(text, start + length)) continue;
      // The longest name that fits decides: if it is shared, a shorter one would be a guess.
      return ids.size === 1 ? ids.values().next().value! : null;
    }
    return null;
  }
}

/** True when the name ending at `end` is not the start of a longer word (`@bob` in `@bobby`, `@bob#1234`, `@bob.s`). */
function endsName(text: string, end: number): boolean {
  const next = text[end];
  if (next === undefined || WORD.test(next)) return next === undefined;
  if (next === '#' || next === '.') {
    const after = text[end + 1];
    return after === undefined || !WORD.test(after);
  }
  return true;
}

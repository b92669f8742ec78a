/**
 * GIVEN valid import files (test/fixtures/import) with one line mutated by fast-check (truncated, garbage inserted, a
 * field dropped or given the wrong type, an over-long value, a broken date, a line doubled) THEN `attune import`
 * either rejects the file with an ImportError naming the file and line and writes nothing at all, or accepts it whole
 * (a second import of it adds nothing): never a partial import, never another kind of crash.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportError, importPath } from '../../src/ingest/import/index.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';
import { clock, dumpAll, fixture, rows, writeFile } from '../import/helpers.js';

const RUNS = 150;
const JSONL = readFileSync(fixture('events.jsonl'), 'utf8');
const CSV_NAME = 'Fixture Guild - Text Channels - general [700000000000000001].csv';
const CSV = readFileSync(fixture(CSV_NAME), 'utf8');

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'drop-field'; field: number }
  | { kind: 'retype-field'; field: number; value: unknown }
  | { kind: 'long-value'; field: number; length: number }
  | { kind: 'bad-date'; text: string }
  | { kind: 'double-line' };

const garbage = fc.string({ unit: fc.constantFrom('"', ';', ',', '{', '}', '[', ']', ':', '\\', '\n', '\r', 'x', '1', ' ', '\u0000', '😀'), minLength: 1, maxLength: 6 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: garbage }),
  fc.record({ kind: fc.constant('drop-field' as const), field: fc.nat() }),
  fc.record({
    kind: fc.constant('retype-field' as const),
    field: fc.nat(),
    value: fc.oneof(fc.integer(), fc.double(), fc.constant(null), fc.constant(true), fc.constant({}), fc.constant([]), fc.string({ maxLength: 8 }), fc.constant('-1')),
  }),
  fc.record({ kind: fc.constant('long-value' as const), field: fc.nat(), length: fc.integer({ min: 300, max: 20_000 }) }),
  fc.record({ kind: fc.constant('bad-date' as const), text: fc.constantFrom('2024-13-45T99:00:00Z', 'yesterday', '', '31-Feb-19 13:99 PM', '0000-00-00', '2024-02-01T09:00:00') }),
  fc.record({ kind: fc.constant('double-line' as const) }),
);

/** JSONL: mutations act on the parsed object where they can, on the text otherwise. */
function mutateJsonLine(line: string, m: Mutation): string[] {
  if (m.kind === 'truncate') return [line.slice(0, m.at % Math.max(1, line.length))];
  if (m.kind === 'insert') return [spliceText(line, m.at, m.text)];
  if (m.kind === 'double-line') return [line, line];
  const record = JSON.parse(line) as Record<string, unknown>;
  const keys = Object.keys(record);
  if (m.kind === 'bad-date') {
    for (const key of ['at', 'joined_at']) if (key in record) record[key] = m.text;
    return [JSON.stringify(record)];
  }
  const key = keys[m.field % keys.length] ?? 'type';
  if (m.kind === 'drop-field') delete record[key];
  else if (m.kind === 'retype-field') record[key] = m.value;
  else record[key] = 'x'.repeat(m.length);
  return [JSON.stringify(record)];
}

/** DCE CSV (`;`-separated, quoted): mutations act on the fields where they can, on the text otherwise. */
function mutateCsvLine(line: string, m: Mutation): string[] {
  if (m.kind === 'truncate') return [line.slice(0, m.at % Math.max(1, line.length))];
  if (m.kind === 'insert') return [spliceText(line, m.at, m.text)];
  if (m.kind === 'double-line') return [line, line];
  // Only lines that are whole records split this simply; others get garbage inserted instead.
  const fields = line.split('";"');
  if (fields.length < 3) return [spliceText(line, line.length >> 1, '";"')];
  const index = m.kind === 'bad-date' ? 2 : (m.field % fields.length);
  if (m.kind === 'drop-field') fields.splice(index, 1);
  else if (m.kind === 'bad-date') fields[index] = m.text;
  else if (m.kind === 'retype-field') fields[index] = String(JSON.stringify(m.value)).replaceAll('"', '""');
  else fields[index] = '9'.repeat(m.length);
  return [fields.join('";"')];
}

function spliceText(text: string, at: number, insert: string): string {
  const position = at % (text.length + 1);
  return text.slice(0, position) + insert + text.slice(position);
}

function mutateFile(text: string, lineIndex: number, m: Mutation, mutateLine: (line: string, m: Mutation) => string[]): string {
  const lines = text.split('\n');
  // Only non-empty lines are worth mutating (an empty JSONL line is allowed, a CSV's last line is its newline).
  const candidates = lines.flatMap((line, i) => (line.trim() === '' ? [] : [i]));
  const target = candidates[lineIndex % candidates.length] ?? 0;
  lines.splice(target, 1, ...mutateLine(lines[target] ?? '', m));
  return lines.join('\n');
}

describe('malformed import lines', () => {
  let db: TempDb;
  beforeAll(() => {
    db = createTempDb();
  });
  afterAll(() => db.dispose());

  function checkImport(path: string, text: string): 'rejected' | 'accepted' {
    const before = dumpAll(db);
    let error: unknown = null;
    try {
      importPath(db, path, { now: clock() });
    } catch (caught) {
      error = caught;
    }
    if (error !== null) {
      // A clear refusal: an ImportError (nothing else escapes), naming the file and, where it has one, a real line.
      expect(error).toBeInstanceOf(ImportError);
      const importError = error as ImportError;
      expect(importError.issues.length).toBeGreaterThan(0);
      const lineCount = text.split('\n').length;
      for (const issue of importError.issues) {
        expect(issue.file).toBe(path);
        if (issue.line !== undefined) {
          expect(issue.line).toBeGreaterThanOrEqual(1);
          expect(issue.line).toBeLessThanOrEqual(lineCount);
          expect(importError.message).toContain(`${path}:${issue.line}`);
        }
      }
      expect(importError.message).toMatch(/nothing was written/);
      // All or nothing: not one row changed.
      expect(dumpAll(db)).toEqual(before);
      return 'rejected';
    }
    // Accepted: the whole file is in; importing it again adds nothing.
    const again = importPath(db, path, { now: clock() });
    expect(Object.values(again.added).every((n) => n === 0)).toBe(true);
    return 'accepted';
  }

  it('GIVEN 150 JSONL files with one mutated line THEN each is rejected naming the line with nothing written, or accepted whole', () => {
    const outcomes = { rejected: 0, accepted: 0 };
    fc.assert(
      fc.property(fc.nat(), mutation, (lineIndex, m) => {
        const text = mutateFile(JSONL, lineIndex, m, mutateJsonLine);
        const path = writeFile(db.dir, 'mutated.jsonl', text);
        const outcome = checkImport(path, text);
        outcomes[outcome] += 1;
        if (outcome === 'accepted') {
          // Every message line of an accepted file is stored.
          for (const line of text.split('\n')) {
            const record = safeParse(line);
            if (record?.type === 'message' && typeof record.id === 'string') {
              expect(rows(db, 'SELECT id FROM posts WHERE id = ?', record.id)).toHaveLength(1);
            }
          }
        }
      }),
      { numRuns: RUNS, seed: 7007 },
    );
    // Both branches were exercised: the mutations are neither all harmless nor all fatal.
    expect(outcomes.rejected).toBeGreaterThan(RUNS / 3);
    expect(outcomes.accepted).toBeGreaterThan(0);
  });

  it('GIVEN 150 DCE CSV files with one mutated line THEN each is rejected naming the line with nothing written, or accepted whole', () => {
    const outcomes = { rejected: 0, accepted: 0 };
    fc.assert(
      fc.property(fc.nat(), mutation, (lineIndex, m) => {
        const text = mutateFile(CSV, lineIndex, m, mutateCsvLine);
        const path = writeFile(db.dir, CSV_NAME, text);
        outcomes[checkImport(path, text)] += 1;
      }),
      { numRuns: RUNS, seed: 7008 },
    );
    expect(outcomes.rejected).toBeGreaterThan(RUNS / 4);
    expect(outcomes.accepted).toBeGreaterThan(0);
  });
});

function safeParse(line: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

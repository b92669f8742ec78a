import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatabaseHandle } from '../../src/db/connection.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/import/', import.meta.url));
export const fixture = (name: string): string => join(FIXTURES, name);

/** Every table the application owns (drizzle's bookkeeping aside), SQLite's own sequence table included. */
function tableNames(db: DatabaseHandle): string[] {
  return (
    db.sqlite
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '__drizzle%' ORDER BY name`)
      .all() as { name: string }[]
  ).map((r) => r.name);
}

/** Full contents of every table, rows in a canonical order: equal dumps mean nothing changed. */
export function dumpAll(db: DatabaseHandle): Record<string, string[]> {
  return Object.fromEntries(
    tableNames(db).map((name) => [
      name,
      (db.sqlite.prepare(`SELECT * FROM "${name}"`).all() as unknown[]).map((row) => JSON.stringify(row)).sort(),
    ]),
  );
}

export function rowCounts(db: DatabaseHandle): Record<string, number> {
  return Object.fromEntries(
    tableNames(db).map((name) => [name, (db.sqlite.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n]),
  );
}

export { rows } from '../helpers/rows.js';

export function writeFile(dir: string, name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content, 'utf8');
  return path;
}

/** A fixed import clock, so write times are predictable. */
export const NOW = Date.parse('2025-06-01T00:00:00Z');
export const clock = (time = NOW) => () => time;

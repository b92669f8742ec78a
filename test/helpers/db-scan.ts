/** Scans every table and column of a database for a string: what erasure tests use to prove nothing is left. */
import type Database from 'better-sqlite3';

export interface Trace {
  table: string;
  column: string;
  rows: number;
}

export function allTables(sqlite: Database.Database): string[] {
  return (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
}

/** Every (table, column) holding `needle` anywhere in its text, with how many rows. */
export function findTraces(sqlite: Database.Database, needle: string): Trace[] {
  const traces: Trace[] = [];
  for (const table of allTables(sqlite)) {
    const columns = (sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);
    for (const column of columns) {
      // Blobs (model parameters) are searched bytewise: read as text they would stop at their first NUL byte.
      const { n } = sqlite
        .prepare(
          `SELECT COUNT(*) AS n FROM "${table}" WHERE CASE WHEN typeof("${column}") = 'blob'
             THEN instr("${column}", CAST(@needle AS BLOB)) ELSE instr(CAST("${column}" AS TEXT), @needle) END > 0`,
        )
        .get({ needle }) as { n: number };
      if (n > 0) traces.push({ table, column, rows: n });
    }
  }
  return traces;
}

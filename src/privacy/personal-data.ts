/**
 * /privacy export and /privacy delete, and the retention sweeps' erasure: they walk the personal-data registry
 * (src/db/queries/personal-data/registry.ts: per table, how a member's rows are exported and erased), the export in
 * one read transaction so the tables agree, the erasure in one writing transaction, all of it or nothing.
 */
import type Database from 'better-sqlite3';
import { inWriteTransaction } from '../db/connection.js';
import { personalDataTables } from '../db/queries/personal-data/registry.js';
import type { DataSubject, Row } from '../db/queries/personal-data/statements.js';
import { newErasurePseudonym } from './pseudonym.js';

export { personalDataTables, TABLES_WITHOUT_PERSONAL_DATA } from '../db/queries/personal-data/registry.js';
export type { DataSubject, Erasure, PersonalDataTable, Row } from '../db/queries/personal-data/statements.js';

export interface PersonalDataExport {
  format: 'attune-personal-data/1';
  userId: string;
  guildId: string | null;
  generatedAt: string;
  tables: Record<string, Row[]>;
}

/** Every row about the member, one read transaction so the tables agree. */
export function exportPersonalData(sqlite: Database.Database, subject: DataSubject, at: number): PersonalDataExport {
  const tables: Record<string, Row[]> = {};
  sqlite
    .transaction(() => {
      for (const entry of personalDataTables()) {
        const rows = entry.export(sqlite, subject);
        if (rows.length > 0) tables[entry.table] = rows;
      }
    })
    .deferred();
  return { format: 'attune-personal-data/1', userId: subject.userId, guildId: subject.guildId, generatedAt: new Date(at).toISOString(), tables };
}

/** Erases the member everywhere the registry knows, in one transaction: all of it or nothing. */
export function erasePersonalData(sqlite: Database.Database, subject: DataSubject): Record<string, number> {
  const changed: Record<string, number> = {};
  const erasure = { ...subject, pseudonym: newErasurePseudonym() };
  inWriteTransaction(sqlite, () => {
    for (const entry of personalDataTables()) {
      const n = entry.erase(sqlite, erasure);
      if (n > 0) changed[entry.table] = n;
    }
  });
  return changed;
}

/** How many rows about the member each table holds (for /privacy status). */
export function personalDataCounts(sqlite: Database.Database, subject: DataSubject): Record<string, number> {
  const data = exportPersonalData(sqlite, subject, 0).tables;
  return Object.fromEntries(Object.entries(data).map(([table, rows]) => [table, rows.length]));
}

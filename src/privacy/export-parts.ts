/**
 * /privacy export in parts: the member's rows, table by table, cut into JSON documents of at most `maxPartBytes`
 * each (Discord takes one file of 10 MiB per message on a server without boosts), so an export of any size can be
 * handed over as several files. Each part is a whole JSON document on its own — the same header, its share of the
 * tables — and a table too large for one part continues in the next under the same name. Parts are produced as the
 * rows are serialised, one row at a time, so no part is built twice and nothing waits for the whole export.
 */
import type Database from 'better-sqlite3';
import { personalDataTables } from '../db/queries/personal-data/registry.js';
import type { DataSubject } from '../db/queries/personal-data/statements.js';

export const EXPORT_FORMAT = 'attune-personal-data/1';

export interface ExportPart {
  /** 1-based. */
  part: number;
  /** No part follows. */
  last: boolean;
  fileName: string;
  /** UTF-8 JSON in a buffer of its own (it is transferred between threads). */
  bytes: Uint8Array;
}

export interface ExportPartsOptions {
  at: number;
  maxPartBytes: number;
}

/** The file a part goes in: one file keeps the plain name; a part of several says which it is. */
export function exportFileName(userId: string, part: number, single: boolean): string {
  return single ? `attune-data-${userId}.json` : `attune-data-${userId}-part-${part}.json`;
}

/** Serialises parts as they fill up; emits a part only when the next row does not fit, or at the end. */
class PartWriter {
  readonly #header: string;
  readonly #closing = '\n    ]\n  }\n}\n';
  readonly #maxBytes: number;
  readonly #emit: (part: ExportPart) => void;
  readonly #userId: string;
  #part = 1;
  #chunks: string[] = [];
  #bytes = 0;
  #table: string | null = null;
  #rowsInPart = 0;

  constructor(subject: DataSubject, at: number, maxBytes: number, emit: (part: ExportPart) => void) {
    this.#userId = subject.userId;
    this.#maxBytes = maxBytes;
    this.#emit = emit;
    const head = { format: EXPORT_FORMAT, userId: subject.userId, guildId: subject.guildId, generatedAt: new Date(at).toISOString() };
    this.#header = JSON.stringify(head, null, 2).slice(0, -2);
  }

  addRow(table: string, row: unknown): void {
    const text = JSON.stringify(row);
    const opening = this.#table === table ? ',\n      ' : `${this.#table === null ? '' : '\n    ],'}\n    ${JSON.stringify(table)}: [\n      `;
    const needed = Buffer.byteLength(opening) + Buffer.byteLength(text) + Buffer.byteLength(this.#closing);
    // A row that alone exceeds a part still goes, alone, into its own part.
    if (this.#rowsInPart > 0 && this.#partStartBytes() + this.#bytes + needed > this.#maxBytes) {
      this.#flush(false);
      this.addRow(table, row);
      return;
    }
    this.#push(opening);
    this.#push(text);
    this.#table = table;
    this.#rowsInPart += 1;
  }

  finish(): void {
    this.#flush(true);
  }

  #partStartBytes(): number {
    return Buffer.byteLength(this.#startOf(this.#part));
  }

  #startOf(part: number): string {
    return `${this.#header},\n  "part": ${part},\n  "tables": {`;
  }

  #push(text: string): void {
    this.#chunks.push(text);
    this.#bytes += Buffer.byteLength(text);
  }

  #flush(last: boolean): void {
    const body = this.#chunks.join('');
    const text = `${this.#startOf(this.#part)}${body}${this.#table === null ? '\n  }\n}\n' : this.#closing}`;
    const single = last && this.#part === 1;
    this.#emit({ part: this.#part, last, fileName: exportFileName(this.#userId, this.#part, single), bytes: new TextEncoder().encode(text) });
    this.#part += 1;
    this.#chunks = [];
    this.#bytes = 0;
    this.#table = null;
    this.#rowsInPart = 0;
  }
}

/**
 * Every row about the member, in one read transaction so the tables agree, cut into parts handed to `emit` in
 * order (the last with `last: true`; an empty export is one part with no tables).
 */
export function writeExportParts(sqlite: Database.Database, subject: DataSubject, options: ExportPartsOptions, emit: (part: ExportPart) => void): void {
  const writer = new PartWriter(subject, options.at, options.maxPartBytes, emit);
  sqlite
    .transaction(() => {
      for (const entry of personalDataTables()) {
        for (const row of entry.export(sqlite, subject)) writer.addRow(entry.table, row);
      }
    })
    .deferred();
  writer.finish();
}

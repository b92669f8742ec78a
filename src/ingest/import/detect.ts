/** Which format a file is in: by extension, confirmed or decided by its first bytes. */
import { extname } from 'node:path';
import type { ImportFormat } from './types.js';

/** null: neither the name nor the content says. */
export function detectFormat(path: string, head: string): ImportFormat | null {
  const ext = extname(path).toLowerCase();
  const text = head.trimStart();
  if (ext === '.csv' || /^AuthorID[;,]/.test(text)) return 'dce-csv';
  if (ext === '.html' || ext === '.htm' || /^<!DOCTYPE html/i.test(text)) return 'dce-html';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (firstLineIsRecord(text)) return 'jsonl';
  if (ext === '.json' || text.startsWith('{')) return 'dce-json';
  return null;
}

/** A JSONL file's first line is a whole object with a "type"; a DCE export's first line is `{` alone. */
function firstLineIsRecord(text: string): boolean {
  const newline = text.indexOf('\n');
  const firstLine = (newline < 0 ? text : text.slice(0, newline)).trim();
  if (!firstLine.startsWith('{')) return false;
  try {
    const value: unknown = JSON.parse(firstLine);
    return typeof value === 'object' && value !== null && 'type' in value && typeof value.type === 'string';
  } catch {
    return false;
  }
}

/**
 * Reads a Stack Exchange data-dump XML file (one `<row attr="…" … />` per line) into attribute maps. The dump's
 * rows are flat, attribute-only elements, so a row pattern and XML entity decoding are all it takes; no XML
 * dependency for a benchmark input.
 */
import { readFileSync } from 'node:fs';

const ROW = /<row\s([^>]*?)\/>/g;
const ATTRIBUTE = /([A-Za-z]+)="([^"]*)"/g;
const ENTITY = /&(lt|gt|amp|quot|apos|#x[0-9a-fA-F]+|#\d+);/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeXmlEntities(text: string): string {
  return text.replace(ENTITY, (_, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return NAMED[entity] ?? '';
  });
}

export function readRows(path: string): Map<string, string>[] {
  const rows: Map<string, string>[] = [];
  for (const match of readFileSync(path, 'utf8').matchAll(ROW)) {
    const attributes = new Map<string, string>();
    for (const [, name, value] of (match[1] as string).matchAll(ATTRIBUTE)) attributes.set(name as string, decodeXmlEntities(value as string));
    rows.push(attributes);
  }
  return rows;
}

import type { UploadedFile } from '../context.js';

export interface ParsedBody {
  /** The JSON body, or a multipart request's `payload_json`; undefined when there is none. */
  json: unknown;
  files: Map<string, UploadedFile>;
  /** Set when the body could not be decoded (Discord answers 50109 "The request body contains invalid JSON."). */
  malformed: boolean;
}

const EMPTY: ParsedBody = { json: undefined, files: new Map(), malformed: false };

/** Decodes a request body the way Discord accepts them: JSON, or multipart/form-data with files and payload_json. */
export function parseBody(contentType: string | undefined, raw: Buffer): ParsedBody {
  if (raw.length === 0) return EMPTY;
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) return parseMultipart(contentType ?? '', raw);
  try {
    const json: unknown = JSON.parse(raw.toString('utf8'));
    return { json, files: new Map(), malformed: false };
  } catch {
    return { json: undefined, files: new Map(), malformed: true };
  }
}

function parseMultipart(contentType: string, raw: Buffer): ParsedBody {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return { json: undefined, files: new Map(), malformed: true };
  const delimiter = Buffer.from(`--${marker}`);
  const files = new Map<string, UploadedFile>();
  let json: unknown = undefined;
  const fields: Record<string, string> = {};
  let position = raw.indexOf(delimiter);
  while (position >= 0) {
    const start = position + delimiter.length;
    if (raw.subarray(start, start + 2).toString() === '--') break;
    const next = raw.indexOf(delimiter, start);
    if (next < 0) break;
    // Each part: CRLF, headers, blank line, content, CRLF before the next delimiter.
    const part = raw.subarray(start + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
      const partType = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim();
      if (name !== undefined && filename !== undefined) {
        files.set(name, { filename, contentType: partType ?? 'application/octet-stream', bytes: Buffer.from(content) });
      } else if (name !== undefined) {
        fields[name] = content.toString('utf8');
      }
    }
    position = next;
  }
  const payload = fields.payload_json;
  if (payload !== undefined) {
    try {
      json = JSON.parse(payload);
    } catch {
      return { json: undefined, files, malformed: true };
    }
  }
  return { json, files, malformed: false };
}

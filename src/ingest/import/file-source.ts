/** Reading import files: the only module here that touches the file system. */
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

const CHUNK_BYTES = 1 << 20;

/** How far reading a file has got, for progress lines. */
export interface ReadProgress {
  bytes: number;
}

/**
 * The file's bytes in chunks (each a buffer of its own, which the reader may keep). Synchronous like the database
 * driver: an import is one blocking step, inside one transaction.
 */
export function* readByteChunks(path: string, progress: ReadProgress = { bytes: 0 }, chunkBytes = CHUNK_BYTES): Generator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const buffer = Buffer.allocUnsafe(chunkBytes);
      const read = readSync(fd, buffer, 0, chunkBytes, null);
      if (read === 0) break;
      progress.bytes += read;
      yield read === chunkBytes ? buffer : buffer.subarray(0, read);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The file's text in chunks, decoded as UTF-8 (a character split between two reads is kept whole), without a
 * leading byte-order mark.
 */
export function* readTextChunks(path: string, progress?: ReadProgress, chunkBytes = CHUNK_BYTES): Generator<string> {
  const decoder = new StringDecoder('utf8');
  let first = true;
  for (const buffer of readByteChunks(path, progress, chunkBytes)) {
    let text = decoder.write(buffer);
    if (first) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    if (text !== '') yield text;
  }
  const rest = decoder.end();
  if (rest !== '') yield rest;
}

/** The first `bytes` of the file as text (for format detection). */
export function readHead(path: string, bytes = 64 * 1024): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const read = readSync(fd, buffer, 0, bytes, 0);
    // A multi-byte character cut at the end decodes to U+FFFD, which detection does not look at.
    return buffer.subarray(0, read).toString('utf8').replace(/^\uFEFF/, '');
  } finally {
    closeSync(fd);
  }
}

/**
 * The longest line read (characters). A record is one line: a message's text is at most 4,000 characters, so a
 * longer line is a broken file, and a line past V8's string limit (about 512 MiB) would end the import with a
 * bare RangeError instead of an import error naming the line.
 */
export const DEFAULT_MAX_LINE_CHARS = 16 * 1024 * 1024;

export interface NumberedLine {
  /** 1-based. */
  line: number;
  /** The line without its end; '' when it was too long (its text is not kept). */
  text: string;
  /** Set when the line was longer than the limit: how many characters it had. */
  tooLongChars?: number;
}

/** Splits text chunks into lines (LF or CRLF), numbering them; a line over `maxLineChars` is reported, not kept. */
export function* splitLines(chunks: Iterable<string>, maxLineChars = DEFAULT_MAX_LINE_CHARS): Generator<NumberedLine> {
  let pending = '';
  /** Characters of the current line seen so far, when it is already over the limit (its text is dropped). */
  let overLong: number | null = null;
  let line = 1;
  const finish = (text: string): NumberedLine => {
    if (overLong !== null) {
      const result = { line, text: '', tooLongChars: overLong + text.length };
      overLong = null;
      return result;
    }
    return { line, text: text.endsWith('\r') ? text.slice(0, -1) : text };
  };
  const keep = (piece: string) => {
    if (overLong !== null) overLong += piece.length;
    else if (pending.length + piece.length > maxLineChars) {
      overLong = pending.length + piece.length;
      pending = '';
    } else pending += piece;
  };
  for (const chunk of chunks) {
    let start = 0;
    let newline = chunk.indexOf('\n');
    while (newline >= 0) {
      keep(chunk.slice(start, newline));
      const text = pending;
      pending = '';
      yield finish(text);
      line++;
      start = newline + 1;
      newline = chunk.indexOf('\n', start);
    }
    keep(chunk.slice(start));
  }
  if (pending !== '' || overLong !== null) yield finish(pending);
}

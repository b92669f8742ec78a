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

export interface NumberedLine {
  /** 1-based. */
  line: number;
  text: string;
}

/** Splits text chunks into lines (LF or CRLF), numbering them. */
export function* splitLines(chunks: Iterable<string>): Generator<NumberedLine> {
  let pending = '';
  let line = 1;
  for (const chunk of chunks) {
    let start = 0;
    let newline = chunk.indexOf('\n');
    while (newline >= 0) {
      const text = pending + chunk.slice(start, newline);
      pending = '';
      yield { line, text: text.endsWith('\r') ? text.slice(0, -1) : text };
      line++;
      start = newline + 1;
      newline = chunk.indexOf('\n', start);
    }
    pending += chunk.slice(start);
  }
  if (pending !== '') yield { line, text: pending.endsWith('\r') ? pending.slice(0, -1) : pending };
}

/**
 * Reads one JSON document of the shape `{ "key": value, ..., "<arrayKey>": [ element, ... ], ... }` from byte
 * chunks without holding it whole: every top-level value and every element of the one streamed array is cut out
 * of the bytes and handed over parsed (JSON.parse), with the line it starts on. A DiscordChatExporter JSON export
 * is such a document, and can be gigabytes (one channel's whole history): only one message is in memory at a time.
 *
 * Only the top level is scanned here, byte by byte (UTF-8 multi-byte sequences never contain the ASCII bytes the
 * scanner looks for); what is inside a value is JSON.parse's to check.
 */
import { describeJsonError, jsonErrorLine } from './json-errors.js';

export interface JsonStreamHandlers {
  /** A top-level value other than the streamed array. */
  value(key: string, value: unknown, line: number): void;
  /** The streamed array begins (its elements follow). */
  arrayStart(line: number): void;
  element(value: unknown, index: number, line: number): void;
  /** A syntax error; reading stops at the first one outside an element. */
  error(message: string, line: number): void;
}

const enum Byte {
  Tab = 0x09,
  LineFeed = 0x0a,
  CarriageReturn = 0x0d,
  Space = 0x20,
  Quote = 0x22,
  Comma = 0x2c,
  Colon = 0x3a,
  OpenBracket = 0x5b,
  Backslash = 0x5c,
  CloseBracket = 0x5d,
  OpenBrace = 0x7b,
  CloseBrace = 0x7d,
}

const enum Expect {
  DocumentStart,
  KeyOrEnd,
  Key,
  Colon,
  Value,
  CommaOrEnd,
  ElementOrEnd,
  Element,
  ElementCommaOrEnd,
  DocumentEnd,
  Failed,
}

export function readJsonStream(chunks: Iterable<Buffer>, arrayKey: string, handlers: JsonStreamHandlers): void {
  let expect = Expect.DocumentStart as Expect;
  let line = 1;
  let first = true;
  // The value being cut out: its bytes so far (parts of chunks), nesting depth and string state.
  let parts: Buffer[] = [];
  let capturing = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let scalar = false;
  let valueLine = 0;
  let key = '';
  let elementIndex = 0;

  const fail = (message: string) => {
    handlers.error(`invalid JSON: ${message}`, line);
    expect = Expect.Failed;
  };

  const finishValue = () => {
    const bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    parts = [];
    capturing = false;
    const text = bytes.toString('utf8');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      handlers.error(`invalid JSON: ${describeJsonError(error)}`, valueLine + (jsonErrorLine(error, text) ?? 1) - 1);
      if (expect === Expect.Element) {
        elementIndex += 1;
        expect = Expect.ElementCommaOrEnd;
      } else {
        expect = Expect.Failed;
      }
      return;
    }
    if (expect === Expect.Element) {
      handlers.element(value, elementIndex++, valueLine);
      expect = Expect.ElementCommaOrEnd;
    } else if (key === '\u0000key') {
      key = value as string;
      expect = Expect.Colon;
    } else {
      handlers.value(key, value, valueLine);
      expect = Expect.CommaOrEnd;
    }
  };

  for (let chunk of chunks) {
    if (expect === Expect.Failed) return;
    if (first) {
      first = false;
      // A UTF-8 byte-order mark.
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    const n = chunk.length;
    let i = 0;
    let start = capturing ? 0 : -1;
    while (i < n) {
      if (capturing) {
        // Inside a value: find where it ends.
        let ended = false;
        for (; i < n; i++) {
          const c = chunk[i]!;
          if (inString) {
            if (escaped) escaped = false;
            else if (c === Byte.Backslash) escaped = true;
            else if (c === Byte.Quote) {
              inString = false;
              if (depth === 0) {
                i++;
                ended = true;
                break;
              }
            }
          } else if (scalar) {
            if (c === Byte.Comma || c === Byte.CloseBrace || c === Byte.CloseBracket || isSpace(c)) {
              ended = true;
              break;
            }
          } else if (c === Byte.Quote) inString = true;
          else if (c === Byte.OpenBrace || c === Byte.OpenBracket) depth++;
          else if (c === Byte.CloseBrace || c === Byte.CloseBracket) {
            if (--depth === 0) {
              i++;
              ended = true;
              break;
            }
          } else if (c === Byte.LineFeed) line++;
        }
        if (!ended) break;
        parts.push(chunk.subarray(start, i));
        start = -1;
        finishValue();
        // finishValue may have failed (TypeScript does not see closures assign).
        if ((expect as Expect) === Expect.Failed) return;
        continue;
      }

      const c = chunk[i]!;
      if (isSpace(c)) {
        if (c === Byte.LineFeed) line++;
        i++;
        continue;
      }
      switch (expect) {
        case Expect.DocumentStart:
          if (c !== Byte.OpenBrace) return fail('expected a JSON object ({) at the start of the file');
          expect = Expect.KeyOrEnd;
          i++;
          continue;
        case Expect.KeyOrEnd:
        case Expect.Key:
          if (c === Byte.CloseBrace && expect === Expect.KeyOrEnd) {
            expect = Expect.DocumentEnd;
            i++;
            continue;
          }
          if (c !== Byte.Quote) return fail('expected a key (a string in double quotes)');
          key = '\u0000key';
          break;
        case Expect.Colon:
          if (c !== Byte.Colon) return fail(`expected ":" after "${key}"`);
          expect = Expect.Value;
          i++;
          continue;
        case Expect.Value:
          if (key === arrayKey && c === Byte.OpenBracket) {
            handlers.arrayStart(line);
            expect = Expect.ElementOrEnd;
            i++;
            continue;
          }
          break;
        case Expect.CommaOrEnd:
          if (c === Byte.Comma) expect = Expect.Key;
          else if (c === Byte.CloseBrace) expect = Expect.DocumentEnd;
          else return fail('expected "," or "}" after a value');
          i++;
          continue;
        case Expect.ElementOrEnd:
        case Expect.Element:
          if (c === Byte.CloseBracket && expect === Expect.ElementOrEnd) {
            expect = Expect.CommaOrEnd;
            i++;
            continue;
          }
          expect = Expect.Element;
          break;
        case Expect.ElementCommaOrEnd:
          if (c === Byte.Comma) expect = Expect.Element;
          else if (c === Byte.CloseBracket) expect = Expect.CommaOrEnd;
          else return fail(`expected "," or "]" after element ${elementIndex - 1} of "${arrayKey}"`);
          i++;
          continue;
        case Expect.DocumentEnd:
          return fail('unexpected text after the end of the JSON document');
        default:
          return;
      }
      // The start of a value (a key is a string value too): cut it out.
      capturing = true;
      valueLine = line;
      start = i;
      depth = 0;
      inString = false;
      escaped = false;
      scalar = c !== Byte.OpenBrace && c !== Byte.OpenBracket && c !== Byte.Quote;
      if (c === Byte.Quote) {
        inString = true;
        i++;
      }
    }
    if (capturing && start >= 0) parts.push(chunk.subarray(start));
  }
  if (expect === Expect.Failed) return;
  if (capturing && scalar) {
    // A bare number or literal at the very end: the document is incomplete anyway, but say so precisely.
    finishValue();
    if ((expect as Expect) === Expect.Failed) return;
  }
  if (expect !== Expect.DocumentEnd) fail('unexpected end of file: the JSON document is incomplete');
}

function isSpace(c: number): boolean {
  return c === Byte.Space || c === Byte.LineFeed || c === Byte.CarriageReturn || c === Byte.Tab;
}

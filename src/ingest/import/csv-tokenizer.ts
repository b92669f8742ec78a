/**
 * RFC 4180-style CSV records from text chunks: quoted fields may hold separators, newlines and `""` (an escaped
 * quote); CRLF and LF both end records. Chunks may split a record anywhere, so files are read without holding
 * them whole. Each record carries the line it starts on, for error messages.
 */

export interface CsvRecord {
  /** 1-based physical line the record starts on. */
  line: number;
  fields: string[];
}

export type CsvEvent = { type: 'record'; record: CsvRecord } | { type: 'error'; line: number; message: string };

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** Just read a quote inside a quoted field: either the field's end or the first half of `""`. */
  QuoteInQuoted,
  /** After a syntax error: drop the rest of the line. */
  Skip,
}

export function* readCsv(chunks: Iterable<string>, separator: string): Generator<CsvEvent> {
  if (separator.length !== 1) throw new Error('CSV separator must be one character');
  const SEP = separator.charCodeAt(0);
  let state: State = State.FieldStart as State;
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let inRecord = false;

  const startRecord = () => {
    if (!inRecord) {
      inRecord = true;
      recordLine = line;
    }
  };
  const finishRecord = (): CsvEvent => {
    const event: CsvEvent = { type: 'record', record: { line: recordLine, fields } };
    fields = [];
    inRecord = false;
    return event;
  };

  for (const chunk of chunks) {
    // Start of the pending literal run of the current field within this chunk.
    let run = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      switch (state) {
        case State.FieldStart:
          if (c === QUOTE) {
            startRecord();
            state = State.Quoted;
            run = i + 1;
          } else if (c === SEP) {
            startRecord();
            fields.push('');
          } else if (c === LF) {
            // A separator right before the newline leaves one last, empty field; a line with nothing is no record.
            if (inRecord) {
              fields.push('');
              yield finishRecord();
            }
            line++;
          } else if (c !== CR) {
            startRecord();
            state = State.Unquoted;
            run = i;
          }
          break;
        case State.Unquoted:
          if (c === SEP || c === LF) {
            field += chunk.slice(run, i);
            fields.push(c === LF && field.endsWith('\r') ? field.slice(0, -1) : field);
            field = '';
            state = State.FieldStart;
            if (c === LF) {
              yield finishRecord();
              line++;
            }
          } else if (c === QUOTE) {
            yield { type: 'error', line, message: 'a quote inside an unquoted field (fields with quotes must be quoted, with quotes doubled)' };
            state = State.Skip;
          }
          break;
        case State.Quoted:
          if (c === QUOTE) {
            field += chunk.slice(run, i);
            state = State.QuoteInQuoted;
          } else if (c === LF) {
            line++;
          }
          break;
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            field += '"';
            state = State.Quoted;
            run = i + 1;
          } else if (c === SEP || c === LF) {
            fields.push(field);
            field = '';
            state = State.FieldStart;
            if (c === LF) {
              yield finishRecord();
              line++;
            }
          } else if (c !== CR) {
            yield { type: 'error', line, message: 'text after the closing quote of a field (a quote inside a field must be doubled)' };
            state = State.Skip;
          }
          break;
        case State.Skip:
          if (c === LF) {
            fields = [];
            field = '';
            inRecord = false;
            state = State.FieldStart;
            line++;
          }
          break;
      }
    }
    if (state === State.Quoted || state === State.Unquoted) field += chunk.slice(run);
  }

  switch (state) {
    case State.Quoted:
      yield { type: 'error', line: recordLine, message: 'a quoted field is never closed (missing closing quote)' };
      break;
    case State.Unquoted:
      fields.push(field.endsWith('\r') ? field.slice(0, -1) : field);
      yield finishRecord();
      break;
    case State.QuoteInQuoted:
      fields.push(field);
      yield finishRecord();
      break;
    case State.FieldStart:
      if (inRecord) {
        fields.push('');
        yield finishRecord();
      }
      break;
    case State.Skip:
      break;
  }
}

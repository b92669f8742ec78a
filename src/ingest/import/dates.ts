/**
 * Dates as DiscordChatExporter writes them. DCE formats CSV dates with a .NET format string: its old default
 * `dd-MMM-yy hh:mm tt`, later the locale's short pattern ("g": `M/d/yyyy h:mm tt` in en-US, `dd/MM/yyyy HH:mm` in
 * en-GB, `dd.MM.yyyy HH:mm` in de-DE...), or whatever the user passed to `--dateformat`. So this module reads
 * .NET custom format strings (the subset dates need) rather than a fixed list, plus ISO 8601.
 *
 * Dates without an offset are local to the exporter's machine, which the file does not record: they are read as
 * UTC plus the offset the caller gives (0 by default).
 */

export interface DateParser {
  /** The format as the user would write it ('iso' or a .NET format string). */
  readonly name: string;
  /** Epoch milliseconds, or null when `text` is not in this format (or names an impossible date). */
  parse(text: string, utcOffsetMinutes: number): number | null;
}

/** Formats `auto` tries, most likely first: DCE's old default, ISO, then the "g" pattern of common locales. */
export const AUTO_DATE_FORMATS: readonly string[] = [
  'dd-MMM-yy hh:mm tt',
  'iso',
  'M/d/yyyy h:mm tt',
  'd/M/yyyy h:mm tt',
  'dd/MM/yyyy HH:mm',
  'dd.MM.yyyy HH:mm',
  'yyyy/MM/dd H:mm',
];

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

interface Fields {
  year?: number;
  month?: number;
  day?: number;
  hour?: number;
  hour12?: number;
  pm?: boolean;
  minute?: number;
  second?: number;
  millisecond?: number;
  offsetMinutes?: number;
}

type Setter = (fields: Fields, text: string) => boolean;

const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const isoParser: DateParser = {
  name: 'iso',
  parse(text, utcOffsetMinutes) {
    const m = ISO_PATTERN.exec(text.trim());
    if (m === null) return null;
    const fields: Fields = {
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: m[4] === undefined ? 0 : Number(m[4]),
      minute: m[5] === undefined ? 0 : Number(m[5]),
      second: m[6] === undefined ? 0 : Number(m[6]),
      millisecond: m[7] === undefined ? 0 : fractionToMs(m[7]),
    };
    if (m[8] !== undefined) {
      const offset = parseOffset(m[8]);
      if (offset === null) return null;
      fields.offsetMinutes = offset;
    }
    return toEpoch(fields, utcOffsetMinutes);
  },
};

/** ISO 8601 date-time (used by DCE JSON and attune JSONL as well as CSV). */
export function parseIsoDate(text: string, utcOffsetMinutes = 0): number | null {
  return isoParser.parse(text, utcOffsetMinutes);
}

/** A parser for 'iso' or a .NET custom date format string; throws on a format it cannot use. */
export function dateParser(format: string): DateParser {
  if (format.trim().toLowerCase() === 'iso') return isoParser;
  const { pattern, setters } = compileNetFormat(format);
  const regex = new RegExp(`^\\s*${pattern}\\s*$`, 'i');
  return {
    name: format,
    parse(text, utcOffsetMinutes) {
      const m = regex.exec(text);
      if (m === null) return null;
      const fields: Fields = {};
      for (let i = 0; i < setters.length; i++) {
        if (!setters[i]!(fields, m[i + 1] ?? '')) return null;
      }
      return toEpoch(fields, utcOffsetMinutes);
    },
  };
}

export type DateFormatChoice =
  | { ok: true; parser: DateParser; ambiguousWith: string[] }
  | { ok: false; best: DateParser; tried: readonly string[] };

/**
 * Picks the first of `candidates` that reads every sample. When a later candidate also reads them all but gives
 * different times (e.g. 03/04/2020 as March 4 or April 3), the choice is reported as ambiguous so the caller can
 * warn. When none reads them all, `best` is the one that read the most, for error messages.
 */
export function chooseDateFormat(
  samples: Iterable<string>,
  utcOffsetMinutes: number,
  candidates: readonly string[] = AUTO_DATE_FORMATS,
): DateFormatChoice {
  const unique = [...new Set(samples)];
  const parsers = candidates.map(dateParser);
  let chosen: { parser: DateParser; values: number[] } | undefined;
  const ambiguousWith: string[] = [];
  let best = parsers[0]!;
  let bestCount = -1;
  for (const parser of parsers) {
    const values: number[] = [];
    for (const sample of unique) {
      const value = parser.parse(sample, utcOffsetMinutes);
      if (value === null) break;
      values.push(value);
    }
    if (values.length === unique.length) {
      if (chosen === undefined) chosen = { parser, values };
      else if (values.some((v, i) => v !== chosen!.values[i])) ambiguousWith.push(parser.name);
    } else if (values.length > bestCount) {
      // Counting the prefix read before the first failure is enough to rank formats for an error message.
      best = parser;
      bestCount = values.length;
    }
  }
  return chosen !== undefined ? { ok: true, parser: chosen.parser, ambiguousWith } : { ok: false, best, tried: candidates };
}

/** Parses `+05:30`, `-0800`, `+2` or `Z` into minutes east of UTC; null when malformed. */
export function parseOffset(text: string): number | null {
  if (/^z$/i.test(text)) return 0;
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(text.trim());
  if (m === null) return null;
  const hours = Number(m[2]);
  const minutes = m[3] === undefined ? 0 : Number(m[3]);
  if (hours > 14 || minutes > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function fractionToMs(digits: string): number {
  return Math.floor(Number(`0.${digits}`) * 1000);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function toEpoch(f: Fields, utcOffsetMinutes: number): number | null {
  const { year, month, day } = f;
  if (year === undefined || month === undefined || day === undefined) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  let hour = f.hour ?? 0;
  if (f.hour12 !== undefined) {
    if (f.hour12 < 1 || f.hour12 > 12) return null;
    hour = (f.hour12 % 12) + (f.pm === true ? 12 : 0);
  } else if (f.pm !== undefined && hour > 12) {
    return null;
  }
  const minute = f.minute ?? 0;
  const second = f.second ?? 0;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, f.millisecond ?? 0);
  // Date.UTC maps years 0-99 to 1900-1999; the callers' years are already four-digit.
  return utc - (f.offsetMinutes ?? utcOffsetMinutes) * 60_000;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function numberSetter(assign: (fields: Fields, value: number) => void): Setter {
  return (fields, text) => {
    assign(fields, Number(text));
    return true;
  };
}

function monthNameSetter(abbreviated: boolean): Setter {
  return (fields, text) => {
    const lower = text.toLowerCase();
    const index = MONTHS.findIndex((name) =>
      abbreviated ? lower === name.slice(0, 3) || (lower === 'sept' && name === 'september') : lower === name,
    );
    if (index < 0) return false;
    fields.month = index + 1;
    return true;
  };
}

/** Turns a .NET custom date format into a regex source and one setter per capture group. */
function compileNetFormat(format: string): { pattern: string; setters: Setter[] } {
  if (format.trim() === '') throw new Error('date format is empty');
  let pattern = '';
  const setters: Setter[] = [];
  const seen = new Set<string>();
  const capture = (source: string, setter: Setter) => {
    pattern += `(${source})`;
    setters.push(setter);
  };
  let i = 0;
  while (i < format.length) {
    const c = format[i]!;
    if (c === "'" || c === '"') {
      const end = format.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unterminated quoted text in date format "${format}"`);
      pattern += escapeRegex(format.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    if (c === '\\') {
      pattern += escapeRegex(format[i + 1] ?? '');
      i += 2;
      continue;
    }
    if (c === '%') {
      i += 1;
      continue;
    }
    let run = 1;
    while (format[i + run] === c) run++;
    i += run;
    // A day name (ddd) does not say which day of the month it is.
    if (c !== 'd' || run <= 2) seen.add(c);
    switch (c) {
      case 'd':
        if (run <= 2) capture('\\d{1,2}', numberSetter((f, v) => (f.day = v)));
        else pattern += '[^\\d\\s,]+';
        break;
      case 'M':
        if (run <= 2) capture('\\d{1,2}', numberSetter((f, v) => (f.month = v)));
        else capture('[^\\d\\s.,/-]+\\.?', (f, text) => monthNameSetter(run === 3)(f, text.replace(/\.$/, '')));
        break;
      case 'y':
        if (run <= 2) {
          // .NET's default two-digit-year window: 00-49 is 20xx, 50-99 is 19xx.
          capture('\\d{1,2}', numberSetter((f, v) => (f.year = v < 50 ? 2000 + v : 1900 + v)));
        } else {
          capture('\\d{4}', numberSetter((f, v) => (f.year = v)));
        }
        break;
      case 'H':
        capture('\\d{1,2}', numberSetter((f, v) => (f.hour = v)));
        break;
      case 'h':
        capture('\\d{1,2}', numberSetter((f, v) => (f.hour12 = v)));
        break;
      case 'm':
        capture('\\d{1,2}', numberSetter((f, v) => (f.minute = v)));
        break;
      case 's':
        capture('\\d{1,2}', numberSetter((f, v) => (f.second = v)));
        break;
      case 'f':
        capture(`\\d{${run}}`, (f, text) => ((f.millisecond = fractionToMs(text)), true));
        break;
      case 'F':
        capture(`\\d{0,${run}}`, (f, text) => ((f.millisecond = text === '' ? 0 : fractionToMs(text)), true));
        break;
      case 't':
        capture(run === 1 ? '[ap]' : '[ap]\\.?m\\.?', (f, text) => ((f.pm = /^p/i.test(text)), true));
        break;
      case 'z':
      case 'K':
        capture(c === 'K' ? 'Z|[+-]\\d{2}:\\d{2}|' : '[+-]\\d{1,2}(?::?\\d{2})?', (f, text) => {
          if (text === '') return true;
          const offset = parseOffset(text);
          if (offset === null) return false;
          f.offsetMinutes = offset;
          return true;
        });
        break;
      case ' ':
        pattern += '\\s+';
        break;
      default:
        // Every other character, letters included, is literal in .NET custom formats.
        pattern += escapeRegex(c.repeat(run));
    }
  }
  if (!seen.has('y') || !seen.has('M') || !seen.has('d')) {
    throw new Error(`date format "${format}" must contain a year (y), a month (M) and a day (d)`);
  }
  return { pattern, setters };
}

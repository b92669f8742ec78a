/**
 * DiscordChatExporter CSV exports. Header `AuthorID;Author;Date;Content;Attachments;Reactions;` (older DCE:
 * `;`-separated with a trailing separator) or the same names joined by `,` (newer DCE); every field quoted.
 *
 * What the CSV lacks and how it is filled in:
 * - Guild and channel: from the options, else DCE's default file name (channel id and names; never a guild id),
 *   else invented (synthetic-ids.ts): the guild from its name (or from nothing, so every such file shares one
 *   guild), the channel from the guild and the file's base name. Invented ids look like Discord's and are
 *   reported in the summary, so the next export of the same channel can be sent to the same place.
 * - Message ids: a snowflake of the message's time whose low 22 bits hash (channel, author, time, content, how
 *   many identical rows came before). Re-importing the file yields the same ids; an id already taken by another
 *   message is probed past (see assignId).
 * - Reactions: only counts per emoji, so tallies, never reactions by invented members.
 * - Mentions: `@name` of an author of the same file.
 * - Bots, nicknames, join times, replies, edits: unknown (authors are stored as non-bot members without them).
 *
 * Unlike the JSON formats, a CSV is read whole before it is written: its date format is chosen from every row, and
 * mentions resolve against every author's name.
 */
import { z } from 'zod';
import { readCsv } from './csv-tokenizer.js';
import { countAttachments, isSystemMessageText, parseReactionsField, splitAuthorName, type EmojiCount } from './dce-csv-fields.js';
import { chooseDateFormat, dateParser, type DateParser } from './dates.js';
import type { IssueCollector } from './errors.js';
import { resolveExportTarget } from './export-target.js';
import { MentionResolver } from './mention-resolver.js';
import type { ImportSink } from './sink.js';
import { channelCreatedAt, messageIdHash, messageSnowflake } from './synthetic-ids.js';
import type { ExistingRows, ReaderContext, StoredPost } from './types.js';

const HEADER = /^AuthorID([;,])Author\1Date\1Content\1Attachments\1Reactions\1?$/;
const COLUMNS = ['AuthorID', 'Author', 'Date', 'Content', 'Attachments', 'Reactions'] as const;
/** 2015-01-01, Discord's epoch: no message is older. */
const DISCORD_EPOCH = 1420070400000;
const DAY = 86_400_000;
const ID = /^\d{1,20}$/;

const rowSchema = z.object({
  AuthorID: z.string().regex(ID, 'expected a user id (digits)'),
  Author: z.string().min(1, 'expected the author name'),
  Date: z.string().min(1, 'expected a date'),
  Content: z.string(),
  Attachments: z.string(),
  Reactions: z
    .string()
    .transform((text, ctx) => {
      const parsed = parseReactionsField(text);
      if (parsed === null) {
        ctx.addIssue({ code: 'custom', message: `expected "emoji (count)" entries separated by commas, got "${clip(text)}"` });
        return z.NEVER;
      }
      return parsed;
    }),
});

interface Row {
  line: number;
  authorId: string;
  author: string;
  date: string;
  content: string;
  attachmentCount: number;
  reactions: EmojiCount[];
}

export function readDceCsv(chunks: Iterable<string>, ctx: ReaderContext, sink: ImportSink): void {
  const { issues } = ctx;
  const target = resolveExportTarget(ctx);
  const rows = readRows(chunks, issues);
  if (rows === null || target === null) return;

  const times = parseDates(rows, ctx, sink);
  if (times === null) return;
  if (target.invented.guildId !== undefined || target.invented.channelId !== undefined) sink.invented = target.invented;

  const mentions = new MentionResolver();
  const namesSeen = new Set<string>();
  for (const row of rows) {
    const key = `${row.authorId}:${row.author}`;
    if (namesSeen.has(key)) continue;
    namesSeen.add(key);
    const name = splitAuthorName(row.author);
    mentions.add(row.authorId, [name.full, name.username]);
  }

  sink.guild({ id: target.guildId, name: target.guildName });
  const firstTime = times.length === 0 ? undefined : times.reduce((min, t) => Math.min(min, t));
  sink.channel({
    id: target.channelId,
    guildId: target.guildId,
    parentId: null,
    name: target.channelName,
    // A CSV does not say; most exported channels are text channels.
    kind: 'text',
    nsfw: undefined,
    createdAt: channelCreatedAt(target.channelId, firstTime, ctx.now, target.invented.channelId !== undefined),
    explicit: false,
  });

  const assignId = idAssigner(target.guildId, target.channelId, ctx.existing);
  // Authors become members under the name of their latest row (names change; the latest is the current one).
  const latestName = new Map<string, { author: string; at: number }>();
  rows.forEach((row, index) => {
    const createdAt = times[index]!;
    if (isSystemMessageText(row.content)) {
      sink.skip('system message (pin, join, thread start...)');
      return;
    }
    const id = assignId(row.authorId, createdAt, row.content);
    const latest = latestName.get(row.authorId);
    if (latest === undefined || createdAt >= latest.at) latestName.set(row.authorId, { author: row.author, at: createdAt });
    sink.post({
      id,
      guildId: target.guildId,
      channelId: target.channelId,
      threadId: null,
      authorId: row.authorId,
      authorIsBot: false,
      createdAt,
      editedAt: null,
      replyToId: null,
      replyToAuthorId: null,
      attachmentCount: row.attachmentCount,
      content: row.content,
      mentionedUserIds: mentions.resolve(row.content),
      source: 'import',
    });
    for (const { emoji, count } of row.reactions) sink.tally({ messageId: id, emoji, count });
  });
  for (const [userId, { author, at }] of latestName) {
    sink.member({
      guildId: target.guildId,
      userId,
      username: splitAuthorName(author).username,
      displayName: undefined,
      isBot: false,
      joinedAt: undefined,
      explicit: false,
      seenAt: at,
    });
  }
}

function readRows(chunks: Iterable<string>, issues: IssueCollector): Row[] | null {
  const { separator, replay } = sniffSeparator(chunks);
  if (separator === null) {
    issues.add(`not a DiscordChatExporter CSV: the first line must be ${COLUMNS.join(';')}; (or the same joined by commas)`, { line: 1 });
    return null;
  }
  const rows: Row[] = [];
  let width = -1;
  for (const event of readCsv(replay, separator)) {
    if (event.type === 'error') {
      issues.add(event.message, { line: event.line });
      continue;
    }
    const { line, fields } = event.record;
    if (width < 0) {
      width = fields.length;
      continue;
    }
    if (fields.length !== width) {
      issues.add(`expected ${width} fields, found ${fields.length}${fields.length > width ? ' (a separator or quote in an unquoted field?)' : ''}`, { line });
      continue;
    }
    const parsed = rowSchema.safeParse(Object.fromEntries(COLUMNS.map((name, i) => [name, fields[i]])));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.add(`${issue.path.join('.')}: ${issue.message}`, { line });
      continue;
    }
    const data = parsed.data;
    rows.push({
      line,
      authorId: data.AuthorID,
      author: data.Author,
      date: data.Date,
      content: data.Content,
      attachmentCount: countAttachments(data.Attachments),
      reactions: data.Reactions,
    });
  }
  return issues.total > 0 ? null : rows;
}

/** Reads the header line to learn the separator, then hands back every chunk (the header included). */
function sniffSeparator(chunks: Iterable<string>): { separator: string | null; replay: Iterable<string> } {
  const iterator = chunks[Symbol.iterator]();
  const seen: string[] = [];
  let head = '';
  while (!head.includes('\n')) {
    const next = iterator.next();
    if (next.done === true) break;
    seen.push(next.value);
    head += next.value;
  }
  const firstLine = head.split('\n', 1)[0]!.replace(/\r$/, '');
  const match = HEADER.exec(firstLine);
  function* replay(): Generator<string> {
    yield* seen;
    for (let next = iterator.next(); next.done !== true; next = iterator.next()) yield next.value;
  }
  return { separator: match === null ? null : match[1]!, replay: replay() };
}

/** Epoch ms per row, or null (with issues added) when some date cannot be read. */
function parseDates(rows: readonly Row[], ctx: ReaderContext, sink: ImportSink): number[] | null {
  const { options, issues } = ctx;
  const offset = options.utcOffsetMinutes ?? 0;
  let parser: DateParser;
  const requested = options.dateFormat?.trim() ?? 'auto';
  if (requested === '' || requested.toLowerCase() === 'auto') {
    const choice = chooseDateFormat(
      rows.map((r) => r.date),
      offset,
    );
    parser = choice.ok ? choice.parser : choice.best;
    if (choice.ok && choice.ambiguousWith.length > 0) {
      sink.warn(
        `dates read as "${choice.parser.name}" but could also be "${choice.ambiguousWith.join('", "')}"; pass a date format if that is wrong`,
      );
    }
    if (!choice.ok) {
      issues.add(`no known date format reads every Date (tried ${choice.tried.map((f) => `"${f}"`).join(', ')}); pass the format DCE used`);
    }
  } else {
    try {
      parser = dateParser(requested);
    } catch (error) {
      issues.add(error instanceof Error ? error.message : String(error));
      return null;
    }
  }
  sink.dateFormat = parser.name;
  const times: number[] = [];
  for (const row of rows) {
    const time = parser.parse(row.date, offset);
    if (time === null) {
      issues.add(`Date: cannot read "${clip(row.date)}" as "${parser.name}"`, { line: row.line });
    } else if (time < DISCORD_EPOCH || time > ctx.now + DAY) {
      issues.add(`Date: "${row.date}" reads as ${new Date(time).toISOString()}, outside Discord's lifetime; is the date format right?`, { line: row.line });
    }
    times.push(time ?? 0);
  }
  return issues.total > 0 ? null : times;
}

/**
 * Deterministic message ids. Rows alike in channel, author, time and content are told apart by their occurrence
 * index; an id already used by a different message (in this file, or stored by another import) moves to the next
 * low-bits value, so two messages never merge and the same row always finds its own id again.
 */
function idAssigner(guildId: string, channelId: string, existing: ExistingRows) {
  const occurrences = new Map<string, number>();
  const taken = new Map<string, string>();
  return (authorId: string, createdAt: number, content: string): string => {
    const identity = `${authorId}\u0000${createdAt}\u0000${content}`;
    const occurrence = occurrences.get(identity) ?? 0;
    occurrences.set(identity, occurrence + 1);
    const key = `${identity}\u0000${occurrence}`;
    const hash = messageIdHash([channelId, authorId, createdAt, content, occurrence]);
    const isSame = (stored: StoredPost) =>
      stored.guildId === guildId &&
      stored.channelId === channelId &&
      stored.authorId === authorId &&
      stored.createdAt === createdAt &&
      // Text is not stored without the content setting, and is erased after the retention: then the id, derived
      // from the text among the rest, is the evidence.
      (stored.content === null || stored.content === content);
    for (let probe = 0; ; probe++) {
      const id = messageSnowflake(createdAt, hash, probe);
      const owner = taken.get(id);
      if (owner !== undefined && owner !== key) continue;
      const stored = owner === undefined && existing.postSource(id) !== undefined ? existing.post(id) : undefined;
      if (stored !== undefined && !isSame(stored)) continue;
      taken.set(id, key);
      return id;
    }
  };
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

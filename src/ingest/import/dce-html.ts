/**
 * DiscordChatExporter HTML exports (HtmlDark, HtmlLight: DCE's default format), read as a stream with htmlparser2:
 * one message container at a time, whatever the file's size.
 *
 * What the markup gives (DCE's preamble and message-group templates):
 * - the guild's and the channel's names, and the category's (a thread's parent channel's), in the preamble; the
 *   guild's id only inside its icon's URL, when the export links to Discord's CDN. No channel id: it comes from the
 *   options or DCE's default file name, else it is invented (export-target.ts), as for CSV;
 * - per message container: the message id (`data-message-id`), so the message's time is exact (a snowflake
 *   carries it; the rendered timestamp is in whatever date format the export used); the author (id, full name,
 *   nickname, the BOT tag) on the first message of each group, which the group's later messages share; the
 *   replied-to message's id (the reply preview's link); mentions (by full name: the markup has no user ids, so
 *   only authors seen earlier in the file resolve); attachments; reaction counts per emoji (a custom emoji by the
 *   id in its image URL, else by name), never who reacted.
 * - System notifications (joins, pins, "started a thread") are skipped and counted. Edit times are not read (the
 *   rendered date's format is unknown); embeds and stickers are ignored.
 *
 * A forum post's export holds a message with the thread's own id (its first message): the channel is then stored as
 * a thread of a forum named by the category; otherwise as a text channel.
 */
import { Parser } from 'htmlparser2';
import { z } from 'zod';
import { snowflakeToTime } from '../records.js';
import { splitAuthorName } from './dce-csv-fields.js';
import { resolveExportTarget, type ExportTarget, type KnownTarget } from './export-target.js';
import { formatPath } from './json-errors.js';
import { SeenIds } from './seen-ids.js';
import type { ImportSink } from './sink.js';
import { channelCreatedAt, syntheticEntityId } from './synthetic-ids.js';
import type { ReaderContext } from './types.js';

const snowflake = z.string().regex(/^\d{17,20}$/, 'expected a Discord id (17 to 20 digits)');

const messageSchema = z.object({
  id: snowflake,
  authorId: snowflake,
  authorFullName: z.string().min(1, 'expected the author’s name'),
  authorNick: z.string(),
  authorIsBot: z.boolean(),
  replyToId: snowflake.nullable(),
  content: z.string(),
  mentionedNames: z.array(z.string()),
  attachments: z.number().int().nonnegative(),
  reactions: z.array(z.object({ emoji: z.string().min(1, 'expected an emoji'), count: z.number().int().nonnegative() })),
});

/** One message container as read from the markup, before it is checked. */
interface RawMessage {
  line: number;
  id: string;
  system: boolean;
  authorId: string;
  authorFullName: string;
  authorNick: string;
  authorIsBot: boolean;
  replyToId: string | null;
  content: string;
  mentionedNames: string[];
  attachments: number;
  reactions: { emoji: string; count: number }[];
}

/** What an element is, for the reader: by its class (only the classes the reader looks at). */
type Role =
  | 'preambleEntry'
  | 'group'
  | 'container'
  | 'systemAuthor'
  | 'author'
  | 'authorTag'
  | 'reply'
  | 'content'
  | 'text'
  | 'mention'
  | 'attachment'
  | 'reaction'
  | 'reactionCount'
  | 'embed'
  | null;

const ROLES: Record<string, Role> = {
  preamble__entry: 'preambleEntry',
  'chatlog__message-group': 'group',
  'chatlog__message-container': 'container',
  'chatlog__system-notification-author': 'systemAuthor',
  chatlog__author: 'author',
  'chatlog__author-tag': 'authorTag',
  chatlog__reply: 'reply',
  chatlog__content: 'content',
  'chatlog__markdown-preserve': 'text',
  'chatlog__markdown-mention': 'mention',
  chatlog__attachment: 'attachment',
  chatlog__reaction: 'reaction',
  'chatlog__reaction-count': 'reactionCount',
  chatlog__embed: 'embed',
};

function roleOf(className: string | undefined): Role {
  if (className === undefined) return null;
  for (const name of className.split(/\s+/)) {
    const role = ROLES[name];
    if (role !== undefined) return role;
  }
  return null;
}

const MESSAGE_ID_IN_ANCHOR = /^chatlog__message-container-(\d+)$/;
const REPLY_TARGET = /scrollToMessage\(\s*event\s*,\s*'(\d+)'\s*\)/;
const CUSTOM_EMOJI = /\/emojis\/(\d+)\./;
const GUILD_ICON = /\/icons\/(\d+)\//;

export function readDceHtml(chunks: Iterable<string>, ctx: ReaderContext, sink: ImportSink): void {
  const { issues } = ctx;
  const lines = new LineCounter();
  const preamble: string[] = [];
  const known: KnownTarget = {};
  let target: ExportTarget | null | undefined;
  const seen = new SeenIds();
  /** Authors by full name (DCE renders a user mention with the user's full name as its title). */
  const authorsByName = new Map<string, string>();
  let firstTime = Number.POSITIVE_INFINITY;
  let placement: Placement | undefined;

  // The open elements' roles (null for the many the reader does not care about).
  const stack: Role[] = [];
  const inside = (role: Role) => stack.includes(role);
  let groupAuthor: Pick<RawMessage, 'authorId' | 'authorFullName' | 'authorNick' | 'authorIsBot'> | null = null;
  let message: RawMessage | null = null;
  let text = '';
  let index = 0;

  const finishMessage = (raw: RawMessage) => {
    if (raw.system) {
      sink.skip('system message (join, pin, thread start...)');
      return;
    }
    if (target === undefined) {
      readPreamble(preamble, known);
      target = resolveExportTarget(ctx, known);
      if (target !== null) sink.guild({ id: target.guildId, name: target.guildName });
    }
    if (target === null) return;
    const position = index++;
    const parsed = messageSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        issues.add(`${formatPath(issue.path)}: ${issue.message}${raw.id ? ` (message ${raw.id})` : ''}`, { line: raw.line });
      }
      return;
    }
    const m = parsed.data;
    if (seen.add(m.id, position) !== undefined) {
      sink.skip('duplicate message');
      return;
    }
    const { guildId } = target;
    placement ??= placeMessages(target, m.id);
    const at = snowflakeToTime(m.id);
    firstTime = Math.min(firstTime, at);
    const name = splitAuthorName(m.authorFullName);
    authorsByName.set(m.authorFullName, m.authorId);
    sink.member({
      guildId,
      userId: m.authorId,
      username: name.username,
      displayName: m.authorNick !== '' && m.authorNick !== name.username ? m.authorNick : null,
      isBot: m.authorIsBot,
      joinedAt: undefined,
      explicit: false,
      seenAt: at,
    });
    const mentioned = new Set<string>();
    for (const fullName of m.mentionedNames) {
      const userId = authorsByName.get(fullName);
      if (userId !== undefined) mentioned.add(userId);
    }
    sink.post({
      id: m.id,
      guildId,
      channelId: placement.channelId,
      threadId: placement.threadId,
      authorId: m.authorId,
      authorIsBot: m.authorIsBot,
      createdAt: at,
      editedAt: null,
      replyToId: m.replyToId,
      replyToAuthorId: null,
      attachmentCount: m.attachments,
      content: m.content,
      mentionedUserIds: [...mentioned],
      source: 'import',
    });
    for (const { emoji, count } of m.reactions) sink.tally({ messageId: m.id, emoji, count });
  };

  const parser = new Parser(
    {
      onopentag(tag, attribs) {
        const role = roleOf(attribs.class);
        stack.push(role);
        if (role === 'preambleEntry' || role === 'authorTag' || role === 'reactionCount') text = '';
        if (tag === 'img' && attribs.class?.includes('preamble__guild-icon')) {
          const id = GUILD_ICON.exec(attribs.src ?? '')?.[1];
          if (id !== undefined) known.guildId = id;
        }
        if (role === 'group') groupAuthor = null;
        if (role === 'container') {
          const id = attribs['data-message-id'] ?? MESSAGE_ID_IN_ANCHOR.exec(attribs.id ?? '')?.[1] ?? '';
          message = {
            line: lines.lineAt(parser.startIndex),
            id,
            system: false,
            authorId: groupAuthor?.authorId ?? '',
            authorFullName: groupAuthor?.authorFullName ?? '',
            authorNick: groupAuthor?.authorNick ?? '',
            authorIsBot: groupAuthor?.authorIsBot ?? false,
            replyToId: null,
            content: '',
            mentionedNames: [],
            attachments: 0,
            reactions: [],
          };
        }
        if (message === null) return;
        switch (role) {
          case 'systemAuthor':
            message.system = true;
            break;
          case 'author':
            message.authorId = attribs['data-user-id'] ?? '';
            message.authorFullName = attribs.title ?? '';
            message.authorNick = '';
            message.authorIsBot = false;
            text = '';
            break;
          case 'mention':
            if (inside('content') && !inside('reply') && attribs.title !== undefined) message.mentionedNames.push(attribs.title);
            break;
          case 'attachment':
            if (!inside('reply')) message.attachments += 1;
            break;
          case 'reaction':
            message.reactions.push({ emoji: '', count: 0 });
            break;
          default:
            break;
        }
        if (tag === 'span' && attribs.onclick !== undefined && inside('reply')) {
          message.replyToId = REPLY_TARGET.exec(attribs.onclick)?.[1] ?? message.replyToId;
        }
        if (tag === 'img') {
          const reaction = inside('reaction') ? message.reactions[message.reactions.length - 1] : undefined;
          if (reaction !== undefined) reaction.emoji = CUSTOM_EMOJI.exec(attribs.src ?? '')?.[1] ?? attribs.alt ?? '';
          // An emoji in the text reads as its name (a unicode emoji's name is itself).
          else if (inside('text') && inside('content') && !inside('reply') && attribs.alt !== undefined) message.content += attribs.alt;
        }
      },
      ontext(data) {
        if (stack.includes('preambleEntry') || stack.includes('reactionCount') || stack.includes('authorTag')) {
          text += data;
          return;
        }
        if (message === null) return;
        const role = stack[stack.length - 1];
        if (role === 'author') text += data;
        else if (inside('text') && inside('content') && !inside('reply') && !inside('embed')) message.content += data;
      },
      onclosetag() {
        const role = stack.pop() ?? null;
        if (role === 'preambleEntry') preamble.push(text.trim());
        if (message === null) return;
        switch (role) {
          case 'author':
            message.authorNick = text.trim();
            groupAuthor = message;
            break;
          case 'authorTag':
            // DCE tags bots BOT, and cross-posts by bots SERVER.
            if (text.trim() === 'BOT' || text.trim() === 'SERVER') {
              message.authorIsBot = true;
              if (groupAuthor !== null) groupAuthor = { ...groupAuthor, authorIsBot: true };
            }
            break;
          case 'reactionCount': {
            const reaction = message.reactions[message.reactions.length - 1];
            if (reaction !== undefined) reaction.count = /^\d+$/.test(text.trim()) ? Number(text.trim()) : -1;
            break;
          }
          case 'container': {
            const done = message;
            message = null;
            finishMessage(done);
            break;
          }
          default:
            break;
        }
      },
    },
    { decodeEntities: true },
  );

  for (const chunk of chunks) {
    lines.push(chunk);
    parser.write(chunk);
  }
  parser.end();
  if (issues.total > 0) return;
  if (preamble.length === 0 && index === 0) {
    issues.add('not a DiscordChatExporter HTML export: no preamble and no message containers');
    return;
  }
  if (target === undefined) {
    readPreamble(preamble, known);
    target = resolveExportTarget(ctx, known);
  }
  if (target === null) return;
  addChannels(sink, target, placement ?? placeMessages(target, null), ctx.now, Number.isFinite(firstTime) ? firstTime : undefined);
  if (target.invented.guildId !== undefined || target.invented.channelId !== undefined) sink.invented = target.invented;
}

/** Where the messages go: the channel, or (a forum post) the forum and the post's thread. */
interface Placement {
  channelId: string;
  threadId: string | null;
  forum: { id: string; name: string } | null;
}

/**
 * A forum post's export begins with the post's first message, whose id is the thread's: its messages then go in
 * the thread, under a forum named by the category entry (the export gives it no id, so one is invented).
 */
function placeMessages(target: ExportTarget, firstMessageId: string | null): Placement {
  if (firstMessageId !== target.channelId) return { channelId: target.channelId, threadId: null, forum: null };
  const name = target.categoryName ?? `${target.channelName} (forum)`;
  const id = syntheticEntityId('channel', target.guildId, name);
  return { channelId: id, threadId: target.channelId, forum: { id, name } };
}

/** The preamble's entries: the guild's name, then `category / channel`. */
function readPreamble(entries: readonly string[], known: KnownTarget): void {
  const [guild, channel] = entries;
  if (guild !== undefined && guild !== '') known.guildName = guild;
  if (channel === undefined) return;
  const slash = channel.lastIndexOf(' / ');
  known.channelName = slash < 0 ? channel : channel.slice(slash + 3);
  if (slash >= 0) known.categoryName = channel.slice(0, slash);
}

function addChannels(sink: ImportSink, target: ExportTarget, placement: Placement, now: number, firstTime: number | undefined): void {
  const { guildId, channelId, channelName } = target;
  const createdAt = channelCreatedAt(channelId, firstTime, now, target.invented.channelId !== undefined);
  sink.guild({ id: guildId, name: target.guildName });
  const { forum } = placement;
  if (forum !== null) {
    // An invented id says nothing of when the forum was made: its first known post does.
    sink.channel({ id: forum.id, guildId, parentId: null, name: forum.name, kind: 'forum', nsfw: undefined, createdAt: firstTime ?? now, explicit: false });
  }
  sink.channel({
    id: channelId,
    guildId,
    parentId: forum?.id ?? null,
    name: channelName,
    kind: forum === null ? 'text' : 'public_thread',
    nsfw: undefined,
    createdAt,
    explicit: false,
  });
}

/** Line numbers of character positions in a text read in chunks (positions asked for only grow). */
class LineCounter {
  private chunks: { start: number; text: string }[] = [];
  private end = 0;
  private position = 0;
  private line = 1;

  push(text: string): void {
    this.chunks.push({ start: this.end, text });
    this.end += text.length;
  }

  lineAt(index: number): number {
    while (this.position < index && this.chunks.length > 0) {
      const chunk = this.chunks[0]!;
      const stop = Math.min(index, chunk.start + chunk.text.length);
      for (let i = this.position - chunk.start; i < stop - chunk.start; i++) if (chunk.text.charCodeAt(i) === 10) this.line++;
      this.position = stop;
      if (stop === chunk.start + chunk.text.length) this.chunks.shift();
    }
    return this.line;
  }
}

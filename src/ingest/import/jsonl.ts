/**
 * attune's own JSONL event format (reference: JSONL.md): one record per line, read as a stream. Records must be
 * valid on their own and refer only to what came before them in the file or is already in the database (a
 * message to its channel, a reaction to its message), so a file is checked in one pass, and written as it is read
 * (the file's transaction is rolled back if any line is bad).
 */
import { z } from 'zod';
import type { ChannelKind } from '../../db/schema.js';
import { memberKey } from './entity-drafts.js';
import { parseIsoDate } from './dates.js';
import type { NumberedLine } from './file-source.js';
import { describeJsonError, formatPath } from './json-errors.js';
import { SeenIds } from './seen-ids.js';
import type { ImportSink } from './sink.js';
import { channelCreatedAt } from './synthetic-ids.js';
import type { ChannelDraft, PostRecord, ReaderContext } from './types.js';

const id = z.string().regex(/^\d{1,20}$/, 'expected an id: a string of digits');

function timeSchema(utcOffsetMinutes: number) {
  return z.string().transform((text, ctx) => {
    const time = parseIsoDate(text, utcOffsetMinutes);
    if (time === null) {
      ctx.addIssue({ code: 'custom', message: `expected an ISO 8601 date-time, got "${text}"` });
      return z.NEVER;
    }
    return time;
  });
}

function schemas(utcOffsetMinutes: number) {
  const time = timeSchema(utcOffsetMinutes);
  return {
    guild: z.strictObject({ type: z.literal('guild'), id, name: z.string().min(1) }),
    member: z.strictObject({
      type: z.literal('member'),
      guild: id,
      id,
      name: z.string().min(1),
      joined_at: time.nullable(),
      bot: z.boolean().optional(),
    }),
    channel: z.strictObject({
      type: z.literal('channel'),
      guild: id,
      id,
      name: z.string().min(1),
      kind: z.enum(['text', 'forum', 'thread']),
      parent: id.nullable(),
      nsfw: z.boolean().optional(),
    }),
    message: z.strictObject({
      type: z.literal('message'),
      guild: id,
      channel: id,
      id,
      author: id,
      at: time,
      reply_to: id.nullable(),
      mentions: z.array(id),
      content: z.string().nullable(),
      attachments: z.number().int().nonnegative().optional(),
    }),
    reaction: z.strictObject({
      type: z.literal('reaction'),
      guild: id,
      channel: id,
      message: id,
      user: id,
      emoji: z.string().min(1),
      at: time,
    }),
  };
}
type Schemas = ReturnType<typeof schemas>;
type RecordType = keyof Schemas;
const RECORD_TYPES = ['guild', 'member', 'channel', 'message', 'reaction'] as const satisfies readonly RecordType[];

const KINDS: Record<'text' | 'forum' | 'thread', ChannelKind> = { text: 'text', forum: 'forum', thread: 'public_thread' };
const THREAD_KINDS = new Set<ChannelKind>(['public_thread', 'private_thread', 'announcement_thread']);

interface KnownChannel {
  guildId: string;
  kind: ChannelKind;
  parentId: string | null;
}

export function readJsonl(lines: Iterable<NumberedLine>, ctx: ReaderContext, sink: ImportSink): void {
  const { issues, existing } = ctx;
  const schema = schemas(ctx.options.utcOffsetMinutes ?? 0);
  const channels = new Map<string, ChannelDraft>();
  const messageLines = new SeenIds();
  const firstActivity = new Map<string, number>();
  /** Members whose messages or reactions came already: a later record cannot make them bots any more. */
  const active = new Map<string, number>();
  const noteActive = (guildId: string, userId: string, line: number) => {
    const key = memberKey(guildId, userId);
    if (!active.has(key)) active.set(key, line);
  };

  /** Replies whose message was not known when read (later in the file, or never): checked when it comes. */
  const repliesWaiting = new Map<string, { guildId: string; line: number }[]>();

  const channelOf = (channelId: string): KnownChannel | undefined => channels.get(channelId) ?? existing.channel(channelId);
  const noteActivity = (channelId: string, at: number) => {
    const known = firstActivity.get(channelId);
    if (known === undefined || at < known) firstActivity.set(channelId, at);
  };

  for (const { line, text, tooLongChars } of lines) {
    if (tooLongChars !== undefined) {
      issues.add(`line of ${tooLongChars} characters, longer than a record can be: a record is one JSON object on one line`, { line });
      continue;
    }
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      issues.add(`invalid JSON: ${describeJsonError(error)}`, { line });
      continue;
    }
    const type = typeof value === 'object' && value !== null && 'type' in value ? value.type : undefined;
    if (!isRecordType(type)) {
      issues.add(`expected an object whose "type" is one of ${RECORD_TYPES.join(', ')}; got ${type === undefined ? 'none' : JSON.stringify(type)}`, { line });
      continue;
    }
    const fail = (message: string) => issues.add(`${type}: ${message}`, { line });

    switch (type) {
      case 'guild': {
        const parsed = schema.guild.safeParse(value);
        if (!parsed.success) {
          reportZod(parsed.error, fail);
          break;
        }
        sink.guild({ id: parsed.data.id, name: parsed.data.name });
        break;
      }
      case 'member': {
        const parsed = schema.member.safeParse(value);
        if (!parsed.success) {
          reportZod(parsed.error, fail);
          break;
        }
        const r = parsed.data;
        const activeSince = active.get(memberKey(r.guild, r.id));
        if (r.bot === true && activeSince !== undefined && !sink.isBot(r.guild, r.id)) {
          fail(`member ${r.id} is declared a bot after their activity on line ${activeSince}; declare members before their messages and reactions`);
          break;
        }
        sink.guild({ id: r.guild, name: null });
        sink.member({
          guildId: r.guild,
          userId: r.id,
          username: r.name,
          displayName: undefined,
          isBot: r.bot ?? false,
          joinedAt: r.joined_at,
          explicit: true,
          // Among declarations of one member the later line wins.
          seenAt: line,
        });
        break;
      }
      case 'channel': {
        const parsed = schema.channel.safeParse(value);
        if (!parsed.success) {
          reportZod(parsed.error, fail);
          break;
        }
        const r = parsed.data;
        if (r.kind === 'thread' && r.parent === null) {
          fail('a thread needs a parent (the channel it belongs to)');
          break;
        }
        const stored = existing.channel(r.id);
        if (stored !== undefined && stored.guildId !== r.guild) {
          fail(`channel ${r.id} belongs to guild ${stored.guildId} in the database`);
          break;
        }
        sink.guild({ id: r.guild, name: null });
        channels.set(r.id, {
          id: r.id,
          guildId: r.guild,
          parentId: r.parent,
          name: r.name,
          kind: KINDS[r.kind],
          nsfw: r.nsfw,
          createdAt: Number.POSITIVE_INFINITY,
          explicit: true,
        });
        break;
      }
      case 'message': {
        const parsed = schema.message.safeParse(value);
        if (!parsed.success) {
          reportZod(parsed.error, fail);
          break;
        }
        const r = parsed.data;
        const channel = channelOf(r.channel);
        if (channel === undefined) {
          fail(`channel ${r.channel} is not declared earlier in the file and is not in the database`);
          break;
        }
        if (channel.guildId !== r.guild) {
          fail(`channel ${r.channel} is in guild ${channel.guildId}, not ${r.guild}`);
          break;
        }
        const isThread = THREAD_KINDS.has(channel.kind);
        if (isThread && channel.parentId === null) {
          fail(`thread ${r.channel} has no parent channel in the database`);
          break;
        }
        const earlier = messageLines.add(r.id, line);
        if (earlier !== undefined) {
          fail(`message ${r.id} already appeared on line ${earlier}`);
          break;
        }
        // A reply answers a message in its own guild: one in another guild would become a relation across guilds.
        // A reply to a message earlier in the file or stored is checked now, one to a later line when that line comes.
        for (const waiting of repliesWaiting.get(r.id) ?? []) {
          if (waiting.guildId !== r.guild) {
            issues.add(`message: reply_to: message ${r.id} (line ${line}) is in guild ${r.guild}, not ${waiting.guildId}`, { line: waiting.line });
          }
        }
        repliesWaiting.delete(r.id);
        const replyGuild = r.reply_to === null ? undefined : sink.message(r.reply_to)?.guildId;
        if (replyGuild !== undefined && replyGuild !== r.guild) {
          fail(`reply_to: message ${r.reply_to} is in guild ${replyGuild}, not ${r.guild}`);
          break;
        }
        if (r.reply_to !== null && replyGuild === undefined) {
          const waiting = repliesWaiting.get(r.reply_to);
          if (waiting === undefined) repliesWaiting.set(r.reply_to, [{ guildId: r.guild, line }]);
          else waiting.push({ guildId: r.guild, line });
        }
        noteActivity(r.channel, r.at);
        noteActive(r.guild, r.author, line);
        sink.guild({ id: r.guild, name: null });
        const post: PostRecord = {
          id: r.id,
          guildId: r.guild,
          channelId: isThread ? channel.parentId! : r.channel,
          threadId: isThread ? r.channel : null,
          authorId: r.author,
          // The planner marks posts of members known to be bots.
          authorIsBot: false,
          createdAt: r.at,
          editedAt: null,
          replyToId: r.reply_to,
          replyToAuthorId: null,
          attachmentCount: r.attachments ?? 0,
          content: r.content,
          mentionedUserIds: r.mentions,
          source: 'import',
        };
        sink.post(post);
        break;
      }
      case 'reaction': {
        const parsed = schema.reaction.safeParse(value);
        if (!parsed.success) {
          reportZod(parsed.error, fail);
          break;
        }
        const r = parsed.data;
        const target = sink.message(r.message);
        if (target === undefined) {
          fail(`message ${r.message} is not declared earlier in the file and is not in the database`);
          break;
        }
        if (target.guildId !== r.guild || target.channel !== r.channel) {
          fail(`message ${r.message} is in guild ${target.guildId}, channel ${target.channel}, not guild ${r.guild}, channel ${r.channel}`);
          break;
        }
        noteActive(r.guild, r.user, line);
        sink.reaction({
          guildId: r.guild,
          messageId: r.message,
          userId: r.user,
          emoji: r.emoji,
          // A custom emoji is given by id, whose name the record does not carry; a unicode emoji is its own name.
          emojiName: /^\d+$/.test(r.emoji) ? null : r.emoji,
          at: r.at,
        });
        break;
      }
    }
  }

  for (const draft of channels.values()) {
    sink.channel({ ...draft, createdAt: channelCreatedAt(draft.id, firstActivity.get(draft.id), ctx.now) });
  }
}

function isRecordType(value: unknown): value is RecordType {
  return typeof value === 'string' && (RECORD_TYPES as readonly string[]).includes(value);
}

function reportZod(error: z.ZodError, fail: (message: string) => void): void {
  for (const issue of error.issues) {
    fail(issue.path.length === 0 ? issue.message : `${formatPath(issue.path)}: ${issue.message}`);
  }
}

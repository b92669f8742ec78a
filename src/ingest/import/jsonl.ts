/**
 * attune's own JSONL event format (reference: JSONL.md): one record per line, read as a stream. Records must be
 * valid on their own and refer only to what came before them in the file or is already in the database (a
 * message to its channel, a reaction to its message), so a file is checked in one pass.
 */
import { z } from 'zod';
import type { ChannelKind } from '../../db/schema.js';
import { ImportBatch } from './batch.js';
import { parseIsoDate } from './dates.js';
import type { NumberedLine } from './file-source.js';
import { describeJsonError, formatPath } from './json-errors.js';
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

interface KnownMessage {
  guildId: string;
  /** The channel the record named (the thread, for a thread message). */
  channel: string;
  authorId: string;
  line: number;
}

export function readJsonl(lines: Iterable<NumberedLine>, ctx: ReaderContext): ImportBatch {
  const batch = new ImportBatch();
  const { issues, existing } = ctx;
  const schema = schemas(ctx.options.utcOffsetMinutes ?? 0);
  const channels = new Map<string, ChannelDraft>();
  const messages = new Map<string, KnownMessage>();
  const firstActivity = new Map<string, number>();

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
        batch.addGuild({ id: parsed.data.id, name: parsed.data.name });
        break;
      }
      case 'member': {
        const parsed = schema.member.safeParse(value);
        if (!parsed.success) {
          reportZod(parsed.error, fail);
          break;
        }
        const r = parsed.data;
        batch.addGuild({ id: r.guild, name: null });
        batch.addMember({
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
        batch.addGuild({ id: r.guild, name: null });
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
        const earlier = messages.get(r.id);
        if (earlier !== undefined) {
          fail(`message ${r.id} already appeared on line ${earlier.line}`);
          break;
        }
        messages.set(r.id, { guildId: r.guild, channel: r.channel, authorId: r.author, line });
        noteActivity(r.channel, r.at);
        batch.addGuild({ id: r.guild, name: null });
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
        batch.addPost(post);
        break;
      }
      case 'reaction': {
        const parsed = schema.reaction.safeParse(value);
        if (!parsed.success) {
          reportZod(parsed.error, fail);
          break;
        }
        const r = parsed.data;
        const inFile = messages.get(r.message);
        const stored = inFile === undefined ? existing.post(r.message) : undefined;
        const target = inFile ?? (stored === undefined ? undefined : { guildId: stored.guildId, channel: stored.threadId ?? stored.channelId });
        if (target === undefined) {
          fail(`message ${r.message} is not declared earlier in the file and is not in the database`);
          break;
        }
        if (target.guildId !== r.guild || target.channel !== r.channel) {
          fail(`message ${r.message} is in guild ${target.guildId}, channel ${target.channel}, not guild ${r.guild}, channel ${r.channel}`);
          break;
        }
        batch.addReaction({
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
    batch.addChannel({ ...draft, createdAt: channelCreatedAt(draft.id, firstActivity.get(draft.id), ctx.now) });
  }
  for (const post of batch.posts) {
    if (post.replyToId === null) continue;
    // A reply answers a message in its own guild: one in another guild would become a relation across guilds.
    const inFile = messages.get(post.replyToId);
    const targetGuild = inFile?.guildId ?? existing.post(post.replyToId)?.guildId;
    if (targetGuild !== undefined && targetGuild !== post.guildId) {
      issues.add(`message: reply_to: message ${post.replyToId} is in guild ${targetGuild}, not ${post.guildId}`, { line: messages.get(post.id)?.line ?? 0 });
      continue;
    }
    post.replyToAuthorId = inFile?.authorId ?? null;
  }
  return batch;
}

function isRecordType(value: unknown): value is RecordType {
  return typeof value === 'string' && (RECORD_TYPES as readonly string[]).includes(value);
}

function reportZod(error: z.ZodError, fail: (message: string) => void): void {
  for (const issue of error.issues) {
    fail(issue.path.length === 0 ? issue.message : `${formatPath(issue.path)}: ${issue.message}`);
  }
}

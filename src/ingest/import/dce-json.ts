/**
 * DiscordChatExporter JSON exports: one channel (or thread) per file, with real ids, message types, reply
 * references, mentions and, in recent DCE versions, who reacted.
 *
 * Validation is strict on the fields attune uses and ignores the rest (embeds, stickers, roles, colours...), so
 * exports from other DCE versions load as long as those fields are there.
 *
 * Decisions:
 * - Only user content becomes posts: "Default", "Reply", and the replies of slash and context-menu commands
 *   ("ChatInputCommand", "ContextMenuCommand": a bot's visible answer in the channel, stored as a bot post, so it
 *   never makes social relations). System messages (joins, pins, boosts, "ThreadCreated", "ThreadStarterMessage",
 *   which repeats a message of the parent channel...) and types this importer does not know are skipped and
 *   counted. DCE writes types it has no name for as numbers; the numbers of the kept types are accepted too.
 * - A reply is a "Reply" message's `reference.messageId` (other references are crossposts and forwards).
 * - Reactions listing their users become reactions by those users, dated at the message's time (the export does
 *   not say when anyone reacted; the earliest possible time keeps "who reacted before whom" orderings sane).
 *   Reactions without users become tallies.
 * - Authors, mentioned users and reacting users become members (bots marked, so their reactions and mentions make
 *   no relations), with no join time.
 * - The export is read as a stream (json-stream.ts): `guild` and `channel` come first in every DCE export, then
 *   the messages, each checked and written as it is read; a message id seen twice in the file is skipped.
 * - A thread's `categoryId` is its parent channel (DCE's schema predates threads); its messages are stored with
 *   channelId = parent, threadId = thread. The parent, when the database lacks it, is created as kind 'other'
 *   (an export of a thread does not say whether the parent is a text or a forum channel) — unless the thread holds
 *   its own starter: a content message with the thread's id is a forum post's first message (a thread started
 *   from a message keeps that message in the parent channel, and its export repeats it only as a skipped
 *   "ThreadStarterMessage"), so the parent is created as a forum. Either way the thread's starter is found the
 *   same way (src/graph/engagement.ts), so members posting in it engage with it.
 */
import { z } from 'zod';
import type { ChannelKind } from '../../db/schema.js';
import { parseIsoDate } from './dates.js';
import { formatPath } from './json-errors.js';
import { readJsonStream } from './json-stream.js';
import { SeenIds } from './seen-ids.js';
import type { ImportSink } from './sink.js';
import { channelCreatedAt } from './synthetic-ids.js';
import type { PostRecord, ReaderContext } from './types.js';

const id = z.string().regex(/^\d{1,20}$/, 'expected a Discord id (digits)');
/** Ids DCE writes for "none": null, "" (a null snowflake printed) or "0". */
const optionalId = z
  .union([id, z.literal(''), z.null()])
  .optional()
  .transform((value) => (value === undefined || value === null || value === '' || value === '0' ? null : value));
const timestamp = z.string().transform((text, ctx) => {
  const time = parseIsoDate(text);
  if (time === null) {
    ctx.addIssue({ code: 'custom', message: `expected an ISO 8601 date-time, got "${text}"` });
    return z.NEVER;
  }
  return time;
});

const userSchema = z.object({
  id,
  name: z.string().min(1),
  nickname: z.string().nullish(),
  isBot: z.boolean(),
});
type ExportUser = z.infer<typeof userSchema>;

const reactionSchema = z.object({
  emoji: z.object({
    id: optionalId,
    name: z.string().min(1),
  }),
  count: z.number().int().nonnegative(),
  users: z.array(userSchema).optional(),
});

const messageSchema = z.object({
  id,
  type: z.string().min(1),
  timestamp,
  timestampEdited: timestamp.nullish(),
  content: z.string(),
  author: userSchema,
  attachments: z.array(z.unknown()),
  reactions: z.array(reactionSchema),
  mentions: z.array(userSchema),
  reference: z.object({ messageId: optionalId }).nullish(),
});

const guildSchema = z.object({ id, name: z.string() });
const channelSchema = z.object({
  id,
  type: z.string().min(1),
  categoryId: optionalId,
  category: z.string().nullish(),
  name: z.string(),
});
type ExportChannel = z.infer<typeof channelSchema>;

const CHANNEL_KINDS: Record<string, ChannelKind> = {
  GuildTextChat: 'text',
  GuildNews: 'announcement',
  GuildForum: 'forum',
  GuildMedia: 'media',
  GuildVoiceChat: 'voice',
  GuildStageVoice: 'stage',
  GuildCategory: 'category',
  GuildPublicThread: 'public_thread',
  GuildPrivateThread: 'private_thread',
  GuildNewsThread: 'announcement_thread',
  GuildDirectory: 'other',
};
const DIRECT_KINDS = new Set(['DirectTextChat', 'DirectGroupTextChat']);
const THREAD_KINDS = new Set<ChannelKind>(['public_thread', 'private_thread', 'announcement_thread']);
const CONTENT_TYPES = new Set(['Default', 'Reply', 'ChatInputCommand', 'ContextMenuCommand', '0', '19', '20', '23']);
const REPLY_TYPES = new Set(['Reply', '19']);

export function readDceJson(chunks: Iterable<Buffer>, ctx: ReaderContext, sink: ImportSink): void {
  const { issues } = ctx;
  let guildId: string | null = null;
  let channel: ExportChannel | null = null;
  let kind: ChannelKind = 'other';
  let isThread = false;
  let parentId: string | null = null;
  let firstTime = Number.POSITIVE_INFINITY;
  let holdsOwnStarter = false;
  let refused = false;
  const seen = new SeenIds();

  const addMember = (user: ExportUser, seenAt: number) =>
    sink.member({
      guildId: guildId!,
      userId: user.id,
      username: user.name,
      // DCE falls back to the account name when there is no nickname or global name; that is no display name.
      displayName: user.nickname && user.nickname !== user.name ? user.nickname : null,
      isBot: user.isBot,
      joinedAt: undefined,
      explicit: false,
      seenAt,
    });

  const readHead = (key: string, value: unknown, line: number) => {
    const schema = key === 'guild' ? guildSchema : key === 'channel' ? channelSchema : null;
    if (schema === null) return;
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.add(issue.message, { line, path: formatPath([key, ...issue.path]) });
      refused = true;
      return;
    }
    if (key === 'guild') {
      const guild = parsed.data as z.infer<typeof guildSchema>;
      guildId = guild.id;
      sink.guild({ id: guild.id, name: guild.name });
      return;
    }
    channel = parsed.data as ExportChannel;
    if (DIRECT_KINDS.has(channel.type)) {
      issues.add(`a direct-message export (${channel.type}); attune imports guild channels only`, { line, path: 'channel.type' });
      refused = true;
      return;
    }
    kind = CHANNEL_KINDS[channel.type] ?? 'other';
    isThread = THREAD_KINDS.has(kind);
    parentId = isThread ? channel.categoryId : null;
    if (isThread && parentId === null) {
      issues.add(`a thread (${channel.type}) without categoryId, its parent channel`, { line, path: 'channel.categoryId' });
      refused = true;
    }
  };

  const readMessage = (raw: unknown, index: number, line: number) => {
    if (refused) return;
    const parsed = messageSchema.safeParse(raw);
    if (!parsed.success) {
      const messageId = typeof raw === 'object' && raw !== null && 'id' in raw ? String(raw.id) : undefined;
      for (const issue of parsed.error.issues) {
        const where = formatPath(['messages', index, ...issue.path]);
        issues.add(messageId === undefined ? issue.message : `${issue.message} (message ${messageId})`, { line, path: where });
      }
      return;
    }
    const message = parsed.data;
    if (!CONTENT_TYPES.has(message.type)) {
      sink.skip(`system message (${message.type})`);
      return;
    }
    if (seen.add(message.id, index) !== undefined) {
      sink.skip('duplicate message');
      return;
    }
    const at = message.timestamp;
    firstTime = Math.min(firstTime, at);
    if (message.id === channel!.id) holdsOwnStarter = true;
    const replyToId = REPLY_TYPES.has(message.type) ? (message.reference?.messageId ?? null) : null;
    // A reply answers a message in its own guild: one stored in another guild would become a relation across guilds.
    const replyGuild = replyToId === null ? undefined : sink.message(replyToId)?.guildId;
    if (replyGuild !== undefined && replyGuild !== guildId) {
      issues.add(`reply to message ${replyToId} of guild ${replyGuild}, not ${guildId} (message ${message.id})`, { line, path: `messages[${index}].reference.messageId` });
      return;
    }
    addMember(message.author, at);
    for (const user of message.mentions) addMember(user, at);
    const post: PostRecord = {
      id: message.id,
      guildId: guildId!,
      channelId: isThread ? parentId! : channel!.id,
      threadId: isThread ? channel!.id : null,
      authorId: message.author.id,
      authorIsBot: message.author.isBot,
      createdAt: at,
      editedAt: message.timestampEdited ?? null,
      replyToId,
      // The writer finds the replied-to message's author (in the file or stored).
      replyToAuthorId: null,
      attachmentCount: message.attachments.length,
      content: message.content,
      mentionedUserIds: message.mentions.map((user) => user.id),
      source: 'import',
    };
    sink.post(post);
    for (const reaction of message.reactions) {
      const emoji = reaction.emoji.id ?? reaction.emoji.name;
      if (reaction.users !== undefined && reaction.users.length > 0) {
        for (const user of reaction.users) {
          addMember(user, at);
          sink.reaction({ guildId: guildId!, messageId: message.id, userId: user.id, emoji, emojiName: reaction.emoji.name, at });
        }
      } else {
        sink.tally({ messageId: message.id, emoji, count: reaction.count });
      }
    }
  };

  let sawMessages = false;
  readJsonStream(chunks, 'messages', {
    value: readHead,
    arrayStart(line) {
      sawMessages = true;
      if (guildId === null || channel === null) {
        if (!refused) issues.add('expected "guild" and "channel" before "messages" (as DiscordChatExporter writes them)', { line, path: 'messages' });
        refused = true;
      }
    },
    element: readMessage,
    error: (message, line) => issues.add(message, { line }),
  });
  if (refused || issues.total > 0) return;
  if (guildId === null || channel === null || !sawMessages) {
    const missing = [guildId === null ? '"guild"' : '', channel === null ? '"channel"' : '', sawMessages ? '' : '"messages"'].filter((key) => key !== '');
    issues.add(`not a DiscordChatExporter JSON export: no ${missing.join(', ')}`, { path: '(root)' });
    return;
  }
  addChannels(sink, guildId, channel, kind, parentId, holdsOwnStarter, (id) =>
    channelCreatedAt(id, Number.isFinite(firstTime) ? firstTime : undefined, ctx.now),
  );
}

/** The exported channel, and its parent (a thread's) or its category, as far as the export tells them. */
function addChannels(
  sink: ImportSink,
  guildId: string,
  channel: ExportChannel,
  kind: ChannelKind,
  parentId: string | null,
  holdsOwnStarter: boolean,
  createdAt: (channelId: string) => number,
): void {
  if (parentId !== null) {
    sink.channel({
      id: parentId,
      guildId,
      parentId: null,
      name: channel.category ?? parentId,
      kind: kind === 'announcement_thread' ? 'announcement' : holdsOwnStarter ? 'forum' : 'other',
      nsfw: undefined,
      createdAt: createdAt(parentId),
      explicit: false,
    });
  } else if (channel.categoryId !== null) {
    sink.channel({
      id: channel.categoryId,
      guildId,
      parentId: null,
      name: channel.category ?? channel.categoryId,
      kind: 'category',
      nsfw: undefined,
      createdAt: createdAt(channel.categoryId),
      explicit: false,
    });
  }
  sink.channel({
    id: channel.id,
    guildId,
    parentId: channel.categoryId,
    name: channel.name,
    kind,
    nsfw: undefined,
    createdAt: createdAt(channel.id),
    explicit: false,
  });
}

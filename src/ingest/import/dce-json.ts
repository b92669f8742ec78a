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
import { ImportBatch } from './batch.js';
import { parseIsoDate } from './dates.js';
import { describeJsonError, formatPath, jsonErrorLine } from './json-errors.js';
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
type ExportMessage = z.infer<typeof messageSchema>;

const exportSchema = z.object({
  guild: z.object({ id, name: z.string() }),
  channel: z.object({
    id,
    type: z.string().min(1),
    categoryId: optionalId,
    category: z.string().nullish(),
    name: z.string(),
  }),
  messages: z.array(z.unknown()),
});

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

export function readDceJson(text: string, ctx: ReaderContext): ImportBatch {
  const batch = new ImportBatch();
  const { issues } = ctx;
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    issues.add(`invalid JSON: ${describeJsonError(error)}`, { line: jsonErrorLine(error, text) });
    return batch;
  }
  const head = exportSchema.safeParse(document);
  if (!head.success) {
    for (const issue of head.error.issues) issues.add(issue.message, { path: formatPath(issue.path) });
    return batch;
  }
  const { guild, channel } = head.data;

  if (DIRECT_KINDS.has(channel.type)) {
    issues.add(`a direct-message export (${channel.type}); attune imports guild channels only`, { path: 'channel.type' });
    return batch;
  }
  const kind = CHANNEL_KINDS[channel.type] ?? 'other';
  const isThread = THREAD_KINDS.has(kind);
  if (isThread && channel.categoryId === null) {
    issues.add(`a thread (${channel.type}) without categoryId, its parent channel`, { path: 'channel.categoryId' });
  }

  const messages: ExportMessage[] = [];
  head.data.messages.forEach((raw, index) => {
    const parsed = messageSchema.safeParse(raw);
    if (parsed.success) {
      messages.push(parsed.data);
      return;
    }
    const messageId = typeof raw === 'object' && raw !== null && 'id' in raw ? String(raw.id) : undefined;
    for (const issue of parsed.error.issues) {
      const where = formatPath(['messages', index, ...issue.path]);
      issues.add(messageId === undefined ? issue.message : `${issue.message} (message ${messageId})`, { path: where });
    }
  });
  if (issues.total > 0) return batch;

  const guildId = guild.id;
  const parentId = isThread ? channel.categoryId! : null;
  const firstTime = messages.length === 0 ? undefined : messages.reduce((min, m) => Math.min(min, m.timestamp), Infinity);
  const createdAt = (channelId: string) => channelCreatedAt(channelId, firstTime, ctx.now);

  batch.addGuild({ id: guildId, name: guild.name });
  if (isThread) {
    const holdsOwnStarter = messages.some((m) => m.id === channel.id && CONTENT_TYPES.has(m.type));
    batch.addChannel({
      id: parentId!,
      guildId,
      parentId: null,
      name: channel.category ?? parentId!,
      kind: kind === 'announcement_thread' ? 'announcement' : holdsOwnStarter ? 'forum' : 'other',
      nsfw: undefined,
      createdAt: createdAt(parentId!),
      explicit: false,
    });
  } else if (channel.categoryId !== null) {
    batch.addChannel({
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
  batch.addChannel({
    id: channel.id,
    guildId,
    parentId: channel.categoryId,
    name: channel.name,
    kind,
    nsfw: undefined,
    createdAt: createdAt(channel.id),
    explicit: false,
  });

  const addMember = (user: ExportUser, seenAt: number) =>
    batch.addMember({
      guildId,
      userId: user.id,
      username: user.name,
      // DCE falls back to the account name when there is no nickname or global name; that is no display name.
      displayName: user.nickname && user.nickname !== user.name ? user.nickname : null,
      isBot: user.isBot,
      joinedAt: undefined,
      explicit: false,
      seenAt,
    });

  const authorOf = new Map<string, string>();
  for (const message of messages) authorOf.set(message.id, message.author.id);

  const seen = new Set<string>();
  for (const [index, message] of messages.entries()) {
    if (!CONTENT_TYPES.has(message.type)) {
      batch.skip(`system message (${message.type})`);
      continue;
    }
    if (seen.has(message.id)) {
      batch.skip('duplicate message');
      continue;
    }
    seen.add(message.id);
    const at = message.timestamp;
    addMember(message.author, at);
    for (const user of message.mentions) addMember(user, at);
    const replyToId = REPLY_TYPES.has(message.type) ? (message.reference?.messageId ?? null) : null;
    // A reply answers a message in its own guild: one stored in another guild would become a relation across guilds.
    const replyGuild = replyToId === null || authorOf.has(replyToId) ? undefined : ctx.existing.post(replyToId)?.guildId;
    if (replyGuild !== undefined && replyGuild !== guildId) {
      issues.add(`reply to message ${replyToId} of guild ${replyGuild}, not ${guildId} (message ${message.id})`, { path: `messages[${index}].reference.messageId` });
      continue;
    }
    const post: PostRecord = {
      id: message.id,
      guildId,
      channelId: isThread ? parentId! : channel.id,
      threadId: isThread ? channel.id : null,
      authorId: message.author.id,
      authorIsBot: message.author.isBot,
      createdAt: at,
      editedAt: message.timestampEdited ?? null,
      replyToId,
      replyToAuthorId: replyToId === null ? null : (authorOf.get(replyToId) ?? null),
      attachmentCount: message.attachments.length,
      content: message.content,
      mentionedUserIds: message.mentions.map((user) => user.id),
      source: 'import',
    };
    batch.addPost(post);
    for (const reaction of message.reactions) {
      const emoji = reaction.emoji.id ?? reaction.emoji.name;
      if (reaction.users !== undefined && reaction.users.length > 0) {
        for (const user of reaction.users) {
          addMember(user, at);
          batch.addReaction({ guildId, messageId: message.id, userId: user.id, emoji, emojiName: reaction.emoji.name, at });
        }
      } else {
        batch.addTally({ messageId: message.id, emoji, count: reaction.count });
      }
    }
  }
  return batch;
}

import { MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
import { z } from 'zod';
import { DiscordApiError, DiscordErrors, invalidField } from '../../api-errors.js';
import type { SimContext } from '../../context.js';
import { has, isVoiceBased, sendPermissionFor } from '../../state/permissions.js';
import type { ChannelRecord, MessageRecord } from '../../state/records.js';
import { timestampOfSnowflake } from '../../state/snowflake.js';
import { lowerBound, upperBound } from '../../state/world.js';
import {
  attachmentsFor,
  embedsOf,
  hasVisibleContent,
  mentionPolicyOf,
  messageBodySchema,
  sendableFlags,
  type MessageBody,
} from '../../ops/message-body.js';
import { bulkDeleteMessages, createMessage, deleteMessage, editMessage, holdsMessages } from '../../ops/messages.js';
import { apiMessage } from '../../payloads/messages.js';
import { accessibleChannel, existingMessage, intQuery, requirePermission, snowflakeParam, snowflakeQuery } from '../access.js';
import type { RouteDefinition } from '../types.js';

const BULK_DELETE_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;
/**
 * How long Discord remembers an enforced nonce. The docs say "the past few minutes" without a figure; five minutes
 * is what the fake assumes, long enough for a bot that crashed between send and commit to restart and resend.
 */
export const ENFORCED_NONCE_WINDOW_MS = 5 * 60_000;
const bulkDeleteSchema = z.object({ messages: z.array(z.string()).min(2).max(100) });

export const messageRoutes: readonly RouteDefinition[] = [
  {
    method: 'GET',
    template: '/channels/{channel_id}/messages',
    auth: 'bot',
    handler: ({ sim, params, query }) => {
      const { channel, permissions } = accessibleChannel(sim, snowflakeParam(params, 'channel_id'));
      const limit = intQuery(query, 'limit', 50, 1, 100);
      const around = snowflakeQuery(query, 'around');
      const before = snowflakeQuery(query, 'before');
      const after = snowflakeQuery(query, 'after');
      // The text chat of a voice or stage channel is read with CONNECT too.
      if (isVoiceBased(channel) && !has(permissions, PermissionFlagsBits.Connect)) throw DiscordErrors.missingAccess();
      // Without READ_MESSAGE_HISTORY Discord answers with an empty page, not an error.
      if (!has(permissions, PermissionFlagsBits.ReadMessageHistory)) return { status: 200, body: [] };
      const page = pageOfMessages(sim.world.messagesIn(channel.id), { limit, around, before, after });
      return { status: 200, body: page.map((message) => apiMessage(sim.world, message, sim.grants.messageContent)) };
    },
  },
  {
    method: 'GET',
    template: '/channels/{channel_id}/messages/{message_id}',
    auth: 'bot',
    handler: ({ sim, params }) => {
      const { channel, permissions } = accessibleChannel(sim, snowflakeParam(params, 'channel_id'));
      if (!has(permissions, PermissionFlagsBits.ReadMessageHistory)) throw DiscordErrors.missingAccess();
      const message = existingMessage(sim, channel.id, snowflakeParam(params, 'message_id'));
      return { status: 200, body: apiMessage(sim.world, message, sim.grants.messageContent) };
    },
  },
  {
    method: 'POST',
    template: '/channels/{channel_id}/messages',
    auth: 'bot',
    handler: ({ sim, params, body: rawBody, files }) => {
      const { channel, permissions } = accessibleChannel(sim, snowflakeParam(params, 'channel_id'));
      requireTextChannel(channel);
      requireCanPost(sim, channel, permissions);
      const body = parseMessageBody(rawBody);
      if (!hasVisibleContent(body, files)) throw DiscordErrors.emptyMessage();
      // enforce_nonce: a resend with a nonce this author used in this channel moments ago returns that message and
      // creates nothing (Discord's documented de-duplication; no MESSAGE_CREATE is dispatched again).
      const earlier = body.enforce_nonce ? messageWithNonce(sim, channel.id, body.nonce, sim.ids.now()) : null;
      if (earlier) return { status: 200, body: apiMessage(sim.world, earlier, true) };
      if ((body.embeds?.length ?? 0) > 0) requirePermission(permissions, PermissionFlagsBits.EmbedLinks);
      if (files.size > 0) requirePermission(permissions, PermissionFlagsBits.AttachFiles);
      const replyTo = replyTarget(sim, channel, permissions, body);
      const embeds = embedsOf(body);
      const mentionPolicy = mentionPolicyOf(body);
      const message = createMessage(sim, {
        channelId: channel.id,
        authorId: sim.world.botUserId,
        content: body.content ?? '',
        ...(embeds !== undefined ? { embeds } : {}),
        ...(body.components ? { components: body.components } : {}),
        ...(mentionPolicy !== undefined ? { mentionPolicy } : {}),
        ...(replyTo !== null ? { replyTo } : {}),
        attachments: attachmentsFor(sim, channel.id, body, files),
        tts: (body.tts ?? false) && has(permissions, PermissionFlagsBits.SendTTSMessages),
        nonce: body.nonce ?? null,
        // Ephemeral only exists for interaction responses.
        flags: sendableFlags(body.flags) & ~MessageFlags.Ephemeral,
      });
      return { status: 200, body: message };
    },
  },
  {
    method: 'PATCH',
    template: '/channels/{channel_id}/messages/{message_id}',
    auth: 'bot',
    handler: ({ sim, params, body: rawBody, files }) => {
      const { channel, permissions } = accessibleChannel(sim, snowflakeParam(params, 'channel_id'));
      const message = existingMessage(sim, channel.id, snowflakeParam(params, 'message_id'));
      const body = parseMessageBody(rawBody);
      if (message.authorId !== sim.world.botUserId) {
        // Others' messages only allow toggling SUPPRESS_EMBEDS, with MANAGE_MESSAGES.
        const onlyFlags = Object.entries(body).every(([key, value]) => key === 'flags' || value === undefined || value === null);
        if (!onlyFlags) throw DiscordErrors.cannotEditOthersMessage();
        requirePermission(permissions, PermissionFlagsBits.ManageMessages);
      }
      const embeds = embedsOf(body);
      const attachments = files.size > 0 ? attachmentsFor(sim, channel.id, body, files) : undefined;
      const edited = editMessage(sim, message, {
        ...(body.content !== undefined && body.content !== null ? { content: body.content } : {}),
        ...(embeds !== undefined ? { embeds } : {}),
        ...(body.components ? { components: body.components } : {}),
        ...(attachments !== undefined ? { attachments } : {}),
        ...(body.flags !== undefined && body.flags !== null
          ? { flags: (message.flags & ~MessageFlags.SuppressEmbeds) | (body.flags & MessageFlags.SuppressEmbeds) }
          : {}),
      });
      return { status: 200, body: edited };
    },
  },
  {
    method: 'DELETE',
    template: '/channels/{channel_id}/messages/{message_id}',
    auth: 'bot',
    handler: ({ sim, params }) => {
      const { channel, permissions } = accessibleChannel(sim, snowflakeParam(params, 'channel_id'));
      const message = existingMessage(sim, channel.id, snowflakeParam(params, 'message_id'));
      if (message.authorId !== sim.world.botUserId) {
        if (channel.kind === 'dm') throw new DiscordApiError(403, 50003, 'Cannot execute action on a DM channel');
        requirePermission(permissions, PermissionFlagsBits.ManageMessages);
      }
      deleteMessage(sim, message);
      return { status: 204 };
    },
  },
  {
    method: 'POST',
    template: '/channels/{channel_id}/messages/bulk-delete',
    auth: 'bot',
    handler: ({ sim, params, body }) => {
      const { channel, permissions } = accessibleChannel(sim, snowflakeParam(params, 'channel_id'));
      if (channel.kind === 'dm') throw new DiscordApiError(403, 50003, 'Cannot execute action on a DM channel');
      requirePermission(permissions, PermissionFlagsBits.ManageMessages);
      const parsed = bulkDeleteSchema.safeParse(body);
      if (!parsed.success) throw invalidField(['messages'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 2 and 100 in length.');
      const oldest = sim.ids.now() - BULK_DELETE_MAX_AGE_MS;
      if (parsed.data.messages.some((id) => timestampOfSnowflake(id) < oldest)) throw DiscordErrors.bulkDeleteTooOld();
      bulkDeleteMessages(sim, channel.id, parsed.data.messages);
      return { status: 204 };
    },
  },
  {
    method: 'POST',
    template: '/channels/{channel_id}/typing',
    auth: 'bot',
    handler: ({ sim, params }) => {
      const { channel, permissions } = accessibleChannel(sim, snowflakeParam(params, 'channel_id'));
      requirePermission(permissions, sendPermissionFor(channel));
      return { status: 204 };
    },
  },
];

/**
 * Discord's paging of channel history: results are always newest first; `before` gives the newest `limit` older
 * messages, `after` the `limit` oldest newer ones, `around` half before (including the message itself) and half
 * after; with none of them, the newest `limit`. Only one anchor is honoured, `around` first.
 */
export function pageOfMessages<Message extends { id: string }>(
  history: readonly Message[],
  options: { limit: number; around: string | null; before: string | null; after: string | null },
): Message[] {
  const { limit } = options;
  if (options.around !== null) {
    const pivot = upperBound(history, options.around);
    const newerCount = Math.floor(limit / 2);
    const older = history.slice(Math.max(0, pivot - (limit - newerCount)), pivot);
    const newer = history.slice(pivot, pivot + newerCount);
    return [...older, ...newer].reverse();
  }
  if (options.before !== null) {
    const end = lowerBound(history, options.before);
    return history.slice(Math.max(0, end - limit), end).reverse();
  }
  if (options.after !== null) {
    const start = upperBound(history, options.after);
    return history.slice(start, start + limit).reverse();
  }
  return history.slice(Math.max(0, history.length - limit)).reverse();
}

/** The bot's message in the channel sent with `nonce` within the enforced-nonce window, newest first. */
function messageWithNonce(sim: SimContext, channelId: string, nonce: string | number | null | undefined, at: number): MessageRecord | null {
  if (nonce === null || nonce === undefined) return null;
  const history = sim.world.messagesIn(channelId);
  for (let index = history.length - 1; index >= 0; index--) {
    const message = history[index];
    if (!message || message.createdAt < at - ENFORCED_NONCE_WINDOW_MS) break;
    if (message.authorId === sim.world.botUserId && message.nonce !== null && String(message.nonce) === String(nonce)) return message;
  }
  return null;
}

function parseMessageBody(raw: unknown): MessageBody {
  const parsed = messageBodySchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidField(issue?.path.map(String) ?? ['_'], 'BASE_TYPE_INVALID', issue?.message ?? 'Invalid Form Body');
  }
  return parsed.data;
}

function requireTextChannel(channel: ChannelRecord): void {
  if (!holdsMessages(channel)) throw DiscordErrors.nonTextChannel();
}

function requireCanPost(sim: SimContext, channel: ChannelRecord, permissions: bigint): void {
  if (channel.kind === 'dm') {
    const recipient = sim.world.requireUser(channel.recipientId);
    const sharesGuild = [...sim.world.guilds.values()].some(
      (guild) => guild.members.has(recipient.id) && guild.members.has(sim.world.botUserId),
    );
    if (recipient.dmsClosed || recipient.bot || !sharesGuild) throw DiscordErrors.cannotMessageUser();
    return;
  }
  if (channel.kind === 'thread' && channel.locked && !has(permissions, PermissionFlagsBits.ManageThreads)) {
    throw DiscordErrors.threadLocked();
  }
  requirePermission(permissions, sendPermissionFor(channel));
}

/** Where a reply points; replying needs READ_MESSAGE_HISTORY. Unknown targets fail unless fail_if_not_exists is false. */
function replyTarget(
  sim: SimContext,
  channel: ChannelRecord,
  permissions: bigint,
  body: MessageBody,
): { messageId: string; channelId: string } | null {
  const reference = body.message_reference;
  if (!reference?.message_id) return null;
  requirePermission(permissions, PermissionFlagsBits.ReadMessageHistory);
  const channelId = reference.channel_id ?? channel.id;
  if (sim.world.messageIn(channelId, reference.message_id)) return { messageId: reference.message_id, channelId };
  if (reference.fail_if_not_exists === false) return null;
  throw invalidField(['message_reference'], 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
}

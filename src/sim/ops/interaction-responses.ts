import {
  ApplicationCommandType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
  type APIMessage,
  type APIMessageInteractionMetadata,
  type RESTPostAPIInteractionCallbackWithResponseResult,
} from 'discord-api-types/v10';
import { z } from 'zod';
import { DiscordApiError, DiscordErrors, invalidField } from '../api-errors.js';
import type { SimContext } from '../context.js';
import type { InteractionResponseKind } from '../interactions/handle.js';
import {
  INITIAL_RESPONSE_DEADLINE_MS,
  TOKEN_LIFETIME_MS,
  type InteractionRegistry,
  type InteractionState,
} from '../interactions/registry.js';
import type { MessageRecord } from '../state/records.js';
import { apiUser } from '../payloads/users.js';
import { apiMessage } from '../payloads/messages.js';
import {
  attachmentsFor,
  embedsOf,
  hasVisibleContent,
  mentionPolicyOf,
  messageBodySchema,
  recordedUploads,
  sendableFlags,
  type MessageBody,
  type UploadedFiles,
} from './message-body.js';
import { deleteMessage, editMessage, newMessageRecord, publishMessage } from './messages.js';

const callbackSchema = z.object({ type: z.number().int(), data: z.unknown().optional() });

export type CallbackResult =
  | { withResponse: false }
  | { withResponse: true; body: RESTPostAPIInteractionCallbackWithResponseResult };

/**
 * POST /interactions/{id}/{token}/callback. Refuses what Discord refuses: unknown interaction or token, an initial
 * response after 3 s (10062), a second acknowledgement (40060). Every attempt is recorded on the handle.
 */
export function respondToInteraction(
  ctx: SimContext,
  registry: InteractionRegistry,
  request: { interactionId: string; token: string; body: unknown; files: UploadedFiles; withResponse: boolean },
): CallbackResult {
  const state = registry.get(request.interactionId);
  if (!state || state.token !== request.token) throw DiscordErrors.unknownInteraction();
  const parsed = callbackSchema.safeParse(request.body);
  if (!parsed.success) throw invalidField(['type'], 'BASE_TYPE_REQUIRED', 'This field is required');
  const type = parsed.data.type;

  const refuse = (error: DiscordApiError): never => {
    state.handle.record({ kind: 'callback', status: error.status, accepted: false, body: request.body, type });
    throw error;
  };
  if (state.handle.elapsedMs() > INITIAL_RESPONSE_DEADLINE_MS) refuse(DiscordErrors.unknownInteraction());
  if (state.callbackType !== null) refuse(DiscordErrors.alreadyAcknowledged());

  let message: MessageRecord | null = null;
  let body: MessageBody = {};
  switch (type) {
    case InteractionResponseType.ChannelMessageWithSource:
    case InteractionResponseType.DeferredChannelMessageWithSource: {
      body = parseMessageData(parsed.data.data, refuse);
      const deferred = type === InteractionResponseType.DeferredChannelMessageWithSource;
      if (!deferred && !hasVisibleContent(body, request.files)) refuse(DiscordErrors.emptyMessage());
      message = createResponseMessage(ctx, state, deferred ? { flags: body.flags ?? null } : body, request.files, { loading: deferred });
      break;
    }
    case InteractionResponseType.DeferredMessageUpdate:
    case InteractionResponseType.UpdateMessage: {
      if (state.sourceMessageId === null) refuse(invalidField(['type'], 'INTERACTION_RESPONSE_TYPE_INVALID', 'Invalid interaction response type'));
      const source = findRecord(ctx, registry, state.sourceMessageId ?? '');
      if (!source) refuse(DiscordErrors.unknownMessage());
      if (source && type === InteractionResponseType.UpdateMessage) {
        body = parseMessageData(parsed.data.data, refuse);
        applyEdit(ctx, source, body, request.files);
      }
      message = source ?? null;
      break;
    }
    case InteractionResponseType.ApplicationCommandAutocompleteResult:
    case InteractionResponseType.Modal:
    case InteractionResponseType.PremiumRequired:
    case InteractionResponseType.LaunchActivity:
      break;
    default:
      refuse(invalidField(['type'], 'INTERACTION_RESPONSE_TYPE_INVALID', 'Invalid interaction response type'));
  }

  state.callbackType = type;
  state.originalMessageId = message?.id ?? null;
  state.handle.setOriginalMessageId(state.originalMessageId);
  state.handle.record({
    kind: 'callback',
    status: request.withResponse ? 200 : 204,
    accepted: true,
    body: request.body,
    type,
    ...(body.content !== undefined ? { content: body.content } : {}),
    ...(message ? { flags: message.flags, messageId: message.id } : {}),
    ...(request.files.size > 0 ? { files: recordedUploads(body, request.files) } : {}),
  });
  if (!request.withResponse) return { withResponse: false };
  return {
    withResponse: true,
    body: {
      interaction: {
        id: state.id,
        type: state.type,
        ...(message
          ? {
              response_message_id: message.id,
              response_message_loading: (message.flags & MessageFlags.Loading) !== 0,
              response_message_ephemeral: (message.flags & MessageFlags.Ephemeral) !== 0,
            }
          : {}),
      },
      resource: { type, ...(message ? { message: apiMessage(ctx.world, message, true) } : {}) },
    },
  };
}

/** Resolves the interaction behind an interaction webhook (`/webhooks/{application_id}/{token}`). */
export function interactionForWebhook(
  ctx: SimContext,
  registry: InteractionRegistry,
  webhookId: string,
  token: string,
): InteractionState {
  const state = registry.byToken(token);
  if (!state || webhookId !== ctx.world.applicationId || state.handle.elapsedMs() > TOKEN_LIFETIME_MS) {
    throw DiscordErrors.unknownWebhook();
  }
  return state;
}

/** The message a webhook route names: `@original` or a follow-up id. */
export function webhookMessage(ctx: SimContext, registry: InteractionRegistry, state: InteractionState, messageId: string): MessageRecord {
  const id = messageId === '@original' ? state.originalMessageId : messageId;
  const isOwn = id !== null && (id === state.originalMessageId || state.followupIds.includes(id));
  const record = isOwn ? findRecord(ctx, registry, id) : undefined;
  if (!record) throw DiscordErrors.unknownMessage();
  return record;
}

export function editWebhookMessage(
  ctx: SimContext,
  registry: InteractionRegistry,
  state: InteractionState,
  messageId: string,
  rawBody: unknown,
  files: UploadedFiles,
): APIMessage {
  const kind: InteractionResponseKind = messageId === '@original' ? 'edit-original' : 'edit-followup';
  let record: MessageRecord;
  try {
    record = webhookMessage(ctx, registry, state, messageId);
  } catch (error) {
    if (error instanceof DiscordApiError) state.handle.record({ kind, status: error.status, accepted: false, body: rawBody });
    throw error;
  }
  const body = parseMessageData(rawBody, (error) => {
    state.handle.record({ kind, status: error.status, accepted: false, body: rawBody });
    throw error;
  });
  applyEdit(ctx, record, body, files);
  return acceptMessageResponse(ctx, state, kind, rawBody, body, record, files);
}

export function deleteWebhookMessage(ctx: SimContext, registry: InteractionRegistry, state: InteractionState, messageId: string): void {
  const kind: InteractionResponseKind = messageId === '@original' ? 'delete-original' : 'delete-followup';
  let record: MessageRecord;
  try {
    record = webhookMessage(ctx, registry, state, messageId);
  } catch (error) {
    if (error instanceof DiscordApiError) state.handle.record({ kind, status: error.status, accepted: false, body: undefined });
    throw error;
  }
  // Ephemeral messages vanish without a gateway event; others are deleted like any message.
  if (!state.ephemeralMessages.delete(record.id)) deleteMessage(ctx, record);
  if (record.id === state.originalMessageId) state.handle.setOriginalMessageId(null);
  state.handle.record({ kind, status: 204, accepted: true, body: undefined, messageId: record.id });
}

/**
 * POST /webhooks/{application_id}/{token}: a follow-up. Right after a deferred reply the first follow-up fills in the
 * "thinking" message instead of posting a new one, as Discord documents.
 */
export function createFollowup(
  ctx: SimContext,
  registry: InteractionRegistry,
  state: InteractionState,
  rawBody: unknown,
  files: UploadedFiles,
): APIMessage {
  const refuse = (error: DiscordApiError): never => {
    state.handle.record({ kind: 'followup', status: error.status, accepted: false, body: rawBody });
    throw error;
  };
  if (state.callbackType === null) refuse(DiscordErrors.unknownWebhook());
  const body = parseMessageData(rawBody, refuse);
  if (!hasVisibleContent(body, files)) refuse(DiscordErrors.emptyMessage());

  const original = state.originalMessageId === null ? undefined : findRecord(ctx, registry, state.originalMessageId);
  let record: MessageRecord;
  if (state.callbackType === InteractionResponseType.DeferredChannelMessageWithSource && original && (original.flags & MessageFlags.Loading) !== 0) {
    applyEdit(ctx, original, body, files);
    record = original;
  } else {
    record = createResponseMessage(ctx, state, body, files, { loading: false });
    state.followupIds.push(record.id);
  }
  return acceptMessageResponse(ctx, state, 'followup', rawBody, body, record, files);
}

/** Records a webhook edit or follow-up as accepted and answers with the message, as Discord does. */
function acceptMessageResponse(
  ctx: SimContext,
  state: InteractionState,
  kind: InteractionResponseKind,
  rawBody: unknown,
  body: MessageBody,
  record: MessageRecord,
  files: UploadedFiles,
): APIMessage {
  state.handle.record({
    kind,
    status: 200,
    accepted: true,
    body: rawBody,
    ...(body.content !== undefined ? { content: body.content } : {}),
    flags: record.flags,
    messageId: record.id,
    ...(files.size > 0 ? { files: recordedUploads(body, files) } : {}),
  });
  return apiMessage(ctx.world, record, true);
}

function parseMessageData(data: unknown, refuse: (error: DiscordApiError) => never): MessageBody {
  if (data === undefined || data === null) return {};
  const parsed = messageBodySchema.safeParse(data);
  if (!parsed.success) refuse(invalidField(['data'], 'BASE_TYPE_INVALID', 'Invalid message data'));
  return parsed.success ? parsed.data : {};
}

function createResponseMessage(
  ctx: SimContext,
  state: InteractionState,
  body: MessageBody,
  files: UploadedFiles,
  options: { loading: boolean },
): MessageRecord {
  const { world } = ctx;
  const flags = sendableFlags(body.flags) | (options.loading ? MessageFlags.Loading : 0);
  const embeds = embedsOf(body);
  const mentionPolicy = mentionPolicyOf(body);
  const record = newMessageRecord(ctx, {
    channelId: state.channelId,
    authorId: world.botUserId,
    content: body.content ?? '',
    ...(embeds !== undefined ? { embeds } : {}),
    ...(body.components ? { components: body.components } : {}),
    ...(mentionPolicy !== undefined ? { mentionPolicy } : {}),
    attachments: attachmentsFor(ctx, state.channelId, body, files),
    tts: body.tts ?? false,
    flags,
    type: messageTypeFor(state),
    webhookId: world.applicationId,
    applicationId: world.applicationId,
    interactionMetadata: interactionMetadataFor(ctx, state),
    interaction: {
      id: state.id,
      type: state.type,
      name: state.commandName ?? '',
      user: apiUser(world.requireUser(state.userId)),
    },
  });
  if ((flags & MessageFlags.Ephemeral) !== 0) state.ephemeralMessages.set(record.id, record);
  else publishMessage(ctx, record, { countsInThread: true });
  return record;
}

function applyEdit(ctx: SimContext, record: MessageRecord, body: MessageBody, files: UploadedFiles): void {
  const embeds = embedsOf(body);
  const attachments = files.size > 0 ? attachmentsFor(ctx, record.channelId, body, files) : undefined;
  editMessage(ctx, record, {
    ...(body.content !== undefined && body.content !== null ? { content: body.content } : {}),
    ...(embeds !== undefined ? { embeds } : {}),
    ...(body.components ? { components: body.components } : {}),
    ...(attachments !== undefined ? { attachments } : {}),
    // Editing a deferred response fills it in: it stops "thinking".
    flags: record.flags & ~MessageFlags.Loading,
  });
}

function messageTypeFor(state: InteractionState): MessageType {
  if (state.commandType === ApplicationCommandType.ChatInput) return MessageType.ChatInputCommand;
  if (state.commandType !== null) return MessageType.ContextMenuCommand;
  return MessageType.Default;
}

function interactionMetadataFor(ctx: SimContext, state: InteractionState): APIMessageInteractionMetadata {
  const user = apiUser(ctx.world.requireUser(state.userId));
  const authorizing_integration_owners = { 0: state.guildId };
  if (state.type === InteractionType.MessageComponent) {
    return {
      id: state.id,
      type: InteractionType.MessageComponent,
      user,
      authorizing_integration_owners,
      interacted_message_id: state.sourceMessageId ?? '',
    };
  }
  return { id: state.id, type: InteractionType.ApplicationCommand, user, authorizing_integration_owners };
}

function findRecord(ctx: SimContext, registry: InteractionRegistry, messageId: string): MessageRecord | undefined {
  return ctx.world.message(messageId) ?? registry.ephemeralMessage(messageId);
}

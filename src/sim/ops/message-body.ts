import { EmbedType, MessageFlags, type APIAttachment, type APIEmbed } from 'discord-api-types/v10';
import { z } from 'zod';
import type { SimContext, UploadedFile } from '../context.js';
import type { RecordedUpload } from '../interactions/handle.js';
import { fakeAttachments, type MentionPolicy } from './messages.js';

const embedMediaSchema = z.object({ url: z.string(), height: z.number().optional(), width: z.number().optional() });
const embedSchema = z.object({
  title: z.string().optional(),
  type: z.enum(EmbedType).optional(),
  description: z.string().optional(),
  url: z.string().optional(),
  timestamp: z.string().optional(),
  color: z.number().int().optional(),
  footer: z.object({ text: z.string(), icon_url: z.string().optional() }).optional(),
  image: embedMediaSchema.optional(),
  thumbnail: embedMediaSchema.optional(),
  author: z.object({ name: z.string(), url: z.string().optional(), icon_url: z.string().optional() }).optional(),
  fields: z.array(z.object({ name: z.string(), value: z.string(), inline: z.boolean().optional() })).optional(),
});

const allowedMentionsSchema = z.object({
  parse: z.array(z.enum(['users', 'roles', 'everyone'])).optional(),
  users: z.array(z.string()).optional(),
  roles: z.array(z.string()).optional(),
  replied_user: z.boolean().optional(),
});

/** The parts of a message body (channel message, interaction response, webhook) that the fake acts on. */
export const messageBodySchema = z.object({
  content: z.string().nullish(),
  embeds: z.array(embedSchema).nullish(),
  components: z.array(z.unknown()).nullish(),
  flags: z.number().int().nullish(),
  tts: z.boolean().nullish(),
  nonce: z.union([z.string(), z.number()]).nullish(),
  enforce_nonce: z.boolean().nullish(),
  allowed_mentions: allowedMentionsSchema.nullish(),
  message_reference: z
    .object({
      message_id: z.string().nullish(),
      channel_id: z.string().nullish(),
      guild_id: z.string().nullish(),
      fail_if_not_exists: z.boolean().nullish(),
    })
    .nullish(),
  sticker_ids: z.array(z.string()).nullish(),
  attachments: z
    .array(z.object({ id: z.union([z.string(), z.number()]), filename: z.string().nullish(), description: z.string().nullish() }))
    .nullish(),
  poll: z.unknown().optional(),
});

export type MessageBody = z.infer<typeof messageBodySchema>;

/** Files of a multipart request, by form field name (`files[0]`, ...). */
export type UploadedFiles = ReadonlyMap<string, UploadedFile>;

export function mentionPolicyOf(body: MessageBody): MentionPolicy | undefined {
  const allowed = body.allowed_mentions;
  if (!allowed) return undefined;
  const parse = new Set(allowed.parse ?? []);
  return {
    users: parse.has('users') ? 'all' : new Set(allowed.users ?? []),
    roles: parse.has('roles') ? 'all' : new Set(allowed.roles ?? []),
    everyone: parse.has('everyone'),
    repliedUser: allowed.replied_user ?? false,
  };
}

export function embedsOf(body: MessageBody): APIEmbed[] | undefined {
  return body.embeds?.map((embed) => ({ ...embed, type: embed.type ?? EmbedType.Rich }));
}

/** Whether the body carries anything Discord would display (else 50006 "Cannot send an empty message"). */
export function hasVisibleContent(body: MessageBody, files: UploadedFiles): boolean {
  return (
    (body.content ?? '') !== '' ||
    (body.embeds?.length ?? 0) > 0 ||
    (body.components?.length ?? 0) > 0 ||
    (body.sticker_ids?.length ?? 0) > 0 ||
    (body.poll !== undefined && body.poll !== null) ||
    files.size > 0
  );
}

/** Flags a bot may set when sending; Discord ignores the rest. */
export function sendableFlags(flags: number | null | undefined): number {
  const allowed = MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.Ephemeral | MessageFlags.IsComponentsV2;
  return (flags ?? 0) & allowed;
}

/** `files[<id>]` → `<id>`, the `attachments[].id` that describes the file in payload_json. */
const attachmentIndexOf = (field: string): string => /^files\[(\d+)\]$/.exec(field)?.[1] ?? field;

/** The uploaded files as an interaction handle records them, named as the message will name them. */
export function recordedUploads(body: MessageBody, files: UploadedFiles): RecordedUpload[] {
  const described = new Map((body.attachments ?? []).map((a) => [String(a.id), a]));
  return [...files].map(([field, file]) => {
    const index = attachmentIndexOf(field);
    return { field, filename: described.get(index)?.filename ?? file.filename, contentType: file.contentType, bytes: file.bytes };
  });
}

/**
 * Attachment objects for uploaded files, keyed as Discord does by the `attachments[].id` that names `files[<id>]`;
 * uploaded bytes are kept so the fake can serve them back.
 */
export function attachmentsFor(ctx: SimContext, channelId: string, body: MessageBody, files: UploadedFiles): APIAttachment[] {
  const attachments: APIAttachment[] = [];
  const described = new Map((body.attachments ?? []).map((a) => [String(a.id), a]));
  for (const [field, file] of files) {
    const index = attachmentIndexOf(field);
    const [attachment] = fakeAttachments(ctx, channelId, 1);
    if (!attachment) continue;
    const meta = described.get(index);
    const filename = meta?.filename ?? file.filename;
    const path = `/attachments/${channelId}/${attachment.id}/${encodeURIComponent(filename)}`;
    ctx.uploads.set(path, file);
    const url = `${ctx.fileBaseUrl()}${path}`;
    attachments.push({
      id: attachment.id,
      filename,
      size: file.bytes.length,
      url,
      proxy_url: url,
      content_type: file.contentType,
      ...(meta?.description ? { description: meta.description } : {}),
    });
  }
  return attachments;
}

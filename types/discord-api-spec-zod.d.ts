/**
 * Types for the `discord-api-spec/zod` entry, whose package.json points its types at a JavaScript file. Every
 * export of that module is a zod-mini schema named `<Component>Schema` after a component of Discord's OpenAPI spec,
 * except `setStrictObject`; only the names the project uses directly are declared here, the rest are reached by
 * enumerating the module.
 */
declare module 'discord-api-spec/zod' {
  import type { ZodMiniType } from 'zod/mini';

  /** Makes object schemas created afterwards reject unknown keys (true) or strip them (false, the default). */
  export function setStrictObject(strict: boolean): void;

  export const SnowflakeTypeSchema: ZodMiniType<string>;
  export const MessageCreateRequestSchema: ZodMiniType;
  export const MessageEditRequestPartialSchema: ZodMiniType;
  export const CreateMessageInteractionCallbackRequestSchema: ZodMiniType;
  export const IncomingWebhookRequestPartialSchema: ZodMiniType;
  export const IncomingWebhookUpdateRequestPartialSchema: ZodMiniType;
  export const ApplicationCommandUpdateRequestSchema: ZodMiniType;
  export const CreatePrivateChannelRequestSchema: ZodMiniType;
}

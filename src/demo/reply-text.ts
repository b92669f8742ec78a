/**
 * What a member sees in a message the bot sent to the fake Discord — content, embeds, buttons — as plain text lines,
 * so the demo prints the bot's real replies rather than recomputing them. Mentions become @names and channel
 * references #names through the caller's lookups.
 */
import { InteractionResponseType, type APIEmbed, type APIMessage } from 'discord-api-types/v10';
import type { InteractionHandle, InteractionResponse } from '../sim/index.js';

/** The parts of a message (or an interaction reply body) that are shown. */
export interface ShownMessage {
  content?: string | null;
  embeds?: APIEmbed[];
  components?: unknown[];
}

export interface NameLookups {
  user: (id: string) => string | undefined;
  channel: (id: string) => string | undefined;
}

const DEFERRED: readonly number[] = [InteractionResponseType.DeferredChannelMessageWithSource, InteractionResponseType.DeferredMessageUpdate];

/**
 * The reply the member ends up seeing: the initial callback, or the edit that replaced a deferred one. Waits for it.
 */
export async function finalReply(handle: InteractionHandle, timeoutMs = 30_000): Promise<ShownMessage> {
  const isFinal = (r: InteractionResponse) =>
    r.accepted && (r.kind === 'edit-original' || (r.kind === 'callback' && !DEFERRED.includes(r.type ?? -1)));
  const response = await handle.waitForResponse(isFinal, timeoutMs);
  return shownOf(response);
}

/** The message body of one interaction response (a callback wraps it in `data`). */
export function shownOf(response: InteractionResponse): ShownMessage {
  const body = (response.body ?? {}) as { data?: ShownMessage } & ShownMessage;
  return (response.kind === 'callback' ? body.data : body) ?? {};
}

export function shownOfMessage(message: APIMessage): ShownMessage {
  return { content: message.content, embeds: message.embeds, components: message.components ?? [] };
}

/** The message as text lines, indented by the caller. */
export function messageLines(message: ShownMessage, names: NameLookups): string[] {
  const lines: string[] = [];
  const push = (text: string | null | undefined) => {
    if (text) lines.push(...readable(text, names).split('\n'));
  };
  push(message.content);
  for (const embed of message.embeds ?? []) {
    if (embed.title) lines.push(`▌ ${readable(embed.title, names)}`);
    push(embed.description);
    for (const field of embed.fields ?? []) {
      lines.push(`${readable(field.name, names)}:`);
      push(field.value.split('\n').map((line) => `  ${line}`).join('\n'));
    }
    if (embed.footer?.text) lines.push(`(${readable(embed.footer.text, names)})`);
  }
  const buttons = buttonLabels(message.components ?? []);
  if (buttons.length > 0) lines.push(buttons.map((label) => `[${label}]`).join(' '));
  return lines;
}

interface ComponentJson {
  label?: string;
  components?: ComponentJson[];
}

function buttonLabels(components: readonly unknown[]): string[] {
  return (components as ComponentJson[]).flatMap((row) => (row.components ?? []).flatMap((c) => (c.label ? [c.label] : [])));
}

/** Discord markup a terminal cannot show: mentions, channel references, timestamps, bold/italic markers. */
function readable(text: string, names: NameLookups): string {
  return text
    .replace(/<@!?(\d+)>/g, (_, id: string) => `@${names.user(id) ?? id}`)
    .replace(/<#(\d+)>/g, (_, id: string) => `#${names.channel(id) ?? id}`)
    .replace(/<t:(\d+)(?::[tTdDfFR])?>/g, (_, seconds: string) => new Date(Number(seconds) * 1000).toISOString().slice(0, 16).replace('T', ' ') + ' UTC')
    .replace(/\[([^\]]+)\]\(https:\/\/discord\.com\/channels\/[^)]+\)/g, (_, label: string) => label)
    .replace(/\*\*|__/g, '');
}

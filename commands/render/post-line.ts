/**
 * What a list line says a post is: its thread or forum post title as the link text (else "Open post"), then a safe
 * first-line snippet and the kinds of media it carries ("🖼 image · 🔗 link"). Pure: plain data in, text out.
 */
import { escapeMarkdown } from 'discord.js';
import type { MediaKind } from '../../src/db/schema.js';
import type { AppLocale } from '../../src/i18n/locale.js';
import { recommendText } from '../../src/i18n/recommend.js';
import type { PostPreview } from '../../src/recommend/post-previews.js';
import { postSnippet } from './post-snippet.js';

const TITLE_MAX = 80;
const MEDIA_LABEL = { image: 'mediaImage', video: 'mediaVideo', audio: 'mediaAudio', file: 'mediaFile', link: 'mediaLink' } as const;

/**
 * `[title](url)`: the thread's name ("Re: name" for a later message in it), escaped so it cannot break the link or
 * format the line; "Open post" for a message outside threads.
 */
export function postLink(url: string, preview: PostPreview | undefined, locale: AppLocale): string {
  const t = recommendText(locale);
  const title = preview?.title ? (preview.startsThread ? linkText(preview.title) : t.replyIn({ title: linkText(preview.title) })) : t.open;
  return `[${title}](${url})`;
}

/** The snippet and media kinds on one line, or null when there is nothing to say. */
export function postDetails(preview: PostPreview | undefined, locale: AppLocale, snippetMax?: number): string | null {
  if (!preview) return null;
  const snippet = preview.text === null ? null : postSnippet(preview.text, snippetMax);
  const media = mediaText(preview.media, locale);
  const parts = [snippet, media].filter((part): part is string => part !== null && part.length > 0);
  return parts.length > 0 ? parts.join(' · ') : null;
}

export function mediaText(media: readonly MediaKind[], locale: AppLocale): string | null {
  const t = recommendText(locale);
  return media.length > 0 ? media.map((kind) => t[MEDIA_LABEL[kind]]).join(' · ') : null;
}

function linkText(title: string): string {
  const short = title.length > TITLE_MAX ? `${title.slice(0, TITLE_MAX - 1).trimEnd()}…` : title;
  // Brackets would end the link text early; mass pings are defused (never pinged in embeds, but never shown either).
  return escapeMarkdown(short.replace(/[[\]]/g, '')).replace(/@(everyone|here)/g, '@\u200b$1');
}

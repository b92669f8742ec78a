/** Dates and numbers as a member reads them in their language (Intl), for text attune writes itself. */
import type { AppLocale } from './locale.js';

/** The BCP 47 tag Intl formats with for each catalog locale. */
const INTL_LOCALE: Record<AppLocale, string> = { en: 'en-US', 'zh-CN': 'zh-CN' };

const dayFormats = new Map<AppLocale, Intl.DateTimeFormat>();
const numberFormats = new Map<AppLocale, Intl.NumberFormat>();

/**
 * A calendar day `YYYY-MM-DD` (a digest's local day, already in the guild's time zone) as "November 29, 2026" or
 * "2026年11月29日". Formatted at UTC so the day never shifts; anything that is not such a day is returned as is.
 */
export function formatDay(day: string, locale: AppLocale): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  let format = dayFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'long', timeZone: 'UTC' });
    dayFormats.set(locale, format);
  }
  return format.format(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

/** A count or balance with the locale's grouping ("12,345"). */
export function formatNumber(value: number, locale: AppLocale): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: 2 });
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

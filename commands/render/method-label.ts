/** The serving method's id (stored with impressions and digests) as a member reads it in a list's footer. */
import type { AppLocale } from '../../src/i18n/locale.js';
import { recommendText } from '../../src/i18n/recommend.js';

export function methodLabel(method: string, locale: AppLocale): string {
  const text: Readonly<Record<string, unknown>> = recommendText(locale);
  const key = `method_${method}`;
  const label = Object.hasOwn(text, key) ? text[key] : undefined;
  // A method added later without a label, or a caption that is already a label (the community digest's): as is.
  return typeof label === 'string' ? label : method;
}

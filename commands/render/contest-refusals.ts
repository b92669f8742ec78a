import { UserError } from '../../src/discord/interactions/user-error.js';
import { contestText } from '../../src/i18n/contests.js';
import type { AppLocale } from '../../src/i18n/locale.js';
import { ContestRefusal } from '../../src/contests/service.js';

/** Runs a contest action; a refusal becomes a localised UserError (answered ephemerally by the router). */
export function refusalsAsUserErrors<T>(locale: AppLocale, action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof ContestRefusal) throw new UserError(refusalMessage(locale, error));
    throw error;
  }
}

export function refusalMessage(locale: AppLocale, refusal: ContestRefusal): string {
  const entry = contestText(locale)[`refusal_${refusal.code}`];
  if (typeof entry === 'string') return entry;
  const params = Object.fromEntries(Object.entries(refusal.detail).map(([k, v]) => [k, String(v)]));
  return (entry as (p: Record<string, string>) => string)(params);
}

/**
 * Localisation: every user-facing string exists in English and Simplified Chinese. Catalogs live next to the
 * feature that owns them (src/i18n/<feature>.ts) and are typed, so a missing translation fails the type-check.
 */

export const APP_LOCALES = ['en', 'zh-CN'] as const;
export type AppLocale = (typeof APP_LOCALES)[number];

/** Discord's locale (interaction.locale, guild.preferredLocale) → the catalog to use. */
export function appLocale(discordLocale: string | null | undefined): AppLocale {
  return discordLocale === 'zh-CN' ? 'zh-CN' : 'en';
}

/** A catalog entry: fixed text, or a function of named parameters. */
export type Message = string | ((params: never) => string);
export type Catalog = Record<string, Message>;

export interface LocalizedCatalog<T extends Catalog> {
  (locale: AppLocale): T;
  /** The Chinese text of a fixed entry, for Discord's name/description localisation fields on builders. */
  discord(key: KeysOfType<T, string>): { 'zh-CN': string };
  readonly en: T;
}

type KeysOfType<T, V> = { [K in keyof T]: T[K] extends V ? K : never }[keyof T];

/** Declares a feature's strings once per locale; the Chinese catalog must have exactly the English keys and types. */
export function defineMessages<T extends Catalog>(catalogs: { en: T; 'zh-CN': NoInfer<T> }): LocalizedCatalog<T> {
  const pick = ((locale: AppLocale) => catalogs[locale]) as LocalizedCatalog<T>;
  pick.discord = (key) => ({ 'zh-CN': catalogs['zh-CN'][key] as string });
  Object.defineProperty(pick, 'en', { value: catalogs.en });
  return pick;
}

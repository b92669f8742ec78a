/**
 * Localisation: every user-facing string exists in English and Simplified Chinese. Catalogs live next to the
 * feature that owns them (src/i18n/<feature>.ts) and are typed, so a missing translation fails the type-check.
 */

export const APP_LOCALES = ['en', 'zh-CN'] as const;
export type AppLocale = (typeof APP_LOCALES)[number];
/** The translations: every locale but English, keyed by Discord's locale code (also used for `*_localizations`). */
export type TranslatedLocale = Exclude<AppLocale, 'en'>;

/** Discord's locale (interaction.locale, guild.preferredLocale) → the catalog to use. */
export function appLocale(discordLocale: string | null | undefined): AppLocale {
  return discordLocale === 'zh-CN' ? 'zh-CN' : 'en';
}

/** A catalog entry: fixed text, or a function of named parameters. */
export type Message = string | ((params: never) => string);
export type Catalog = Record<string, Message>;

export interface LocalizedCatalog<T extends Catalog> {
  (locale: AppLocale): T;
  /** The translations of a fixed entry, for Discord's name/description localisation fields on builders. */
  discord(key: KeysOfType<T, string>): Record<TranslatedLocale, string>;
  readonly en: T;
}

type KeysOfType<T, V> = { [K in keyof T]: T[K] extends V ? K : never }[keyof T];

/**
 * Declares a feature's strings once per locale. Every translation must have exactly the English keys and types, and
 * every locale in APP_LOCALES must be present: adding a locale makes each catalog that lacks it fail the type-check.
 */
export function defineMessages<T extends Catalog>(catalogs: { en: T } & { [L in TranslatedLocale]: NoInfer<T> }): LocalizedCatalog<T> {
  const pick = ((locale: AppLocale) => catalogs[locale]) as LocalizedCatalog<T>;
  pick.discord = (key) =>
    Object.fromEntries(APP_LOCALES.filter((l): l is TranslatedLocale => l !== 'en').map((l) => [l, catalogs[l][key] as string])) as Record<
      TranslatedLocale,
      string
    >;
  Object.defineProperty(pick, 'en', { value: catalogs.en });
  return pick;
}

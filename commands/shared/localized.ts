import type { LocalizationMap } from 'discord.js';
import { localizedName, type CommandNameKey } from '../../src/i18n/command-names.js';
import type { Catalog, LocalizedCatalog } from '../../src/i18n/locale.js';

/** The keys of a catalog whose messages are plain strings (descriptions take no parameters). */
type DescriptionKey<C extends Catalog> = { [K in keyof C]: C[K] extends string ? K : never }[keyof C] & string;

/** What every discord.js builder with a name and a description has: commands, subcommands, groups, options. */
interface NamedBuilder {
  setName(name: string): this;
  setNameLocalizations(localizations: LocalizationMap | null): this;
  setDescription(description: string): this;
  setDescriptionLocalizations(localizations: LocalizationMap | null): this;
}

/**
 * Names and describes a command, subcommand, group or option in every language attune speaks: the name from the
 * command-name catalog (English is the name Discord sends back), the description from the command's own catalog.
 */
export function localized<B extends NamedBuilder, C extends Catalog>(
  builder: B,
  name: CommandNameKey,
  text: LocalizedCatalog<C>,
  descriptionKey: DescriptionKey<C>,
): B {
  const description = text.en[descriptionKey];
  // The key type admits only plain-string messages; the check keeps the index access honest under noUncheckedIndexedAccess.
  if (typeof description !== 'string') throw new Error(`${descriptionKey} is not a plain-text description`);
  return builder
    .setName(name)
    .setNameLocalizations(localizedName(name))
    .setDescription(description)
    .setDescriptionLocalizations(text.discord(descriptionKey));
}

/** A command of a feature an admin turned off answers that it is off, and how to turn it on (`/settings`). */
import type { CommandContext } from '../../src/discord/interactions/types.js';
import { UserError } from '../../src/discord/interactions/user-error.js';
import { contestText } from '../../src/i18n/contests.js';
import { economyText } from '../../src/i18n/economy.js';
import type { AppLocale } from '../../src/i18n/locale.js';
import { economyEnabled, guildSettingsOf } from '../../src/settings/guild-settings.js';

export function requireEconomyOn(ctx: CommandContext, guildId: string, locale: AppLocale): void {
  if (!economyEnabled(guildSettingsOf(ctx.database.sqlite, guildId))) throw new UserError(economyText(locale).economyOff);
}

export function requireContestsOn(ctx: CommandContext, guildId: string, locale: AppLocale): void {
  if (!guildSettingsOf(ctx.database.sqlite, guildId).contestsEnabled) throw new UserError(contestText(locale).contestsOff);
}

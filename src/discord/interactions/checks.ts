import { PermissionFlagsBits, type BaseInteraction } from 'discord.js';
import { z } from 'zod';
import { commandNames } from '../../i18n/command-names.js';
import { commonText } from '../../i18n/common.js';
import type { AppLocale } from '../../i18n/locale.js';
import { UserError } from './user-error.js';

/** The permissions attune's own checks name; their labels (as Discord's client shows them) are in commonText. */
export type CheckedPermission = 'ManageGuild' | 'ManageMessages' | 'ManageRoles' | 'ModerateMembers';

/**
 * zod's built-in messages ("Too big: expected number to be <=10") in the member's language. Messages a schema sets
 * itself (from the feature's catalog) take precedence over these, as zod ranks a schema's own error first.
 */
const ZOD_LOCALES = { en: z.locales.en(), 'zh-CN': z.locales.zhCN() } satisfies Record<AppLocale, { localeError: unknown }>;

/**
 * The moderator rule, checked server-side on every use of a moderator command or button: the member must hold the
 * permission at guild level (their roles' base permissions, Administrator, or ownership), never merely in the channel
 * the interaction came from (an overwrite there makes no one a moderator), and not be timed out (Discord takes a
 * timed-out member's permissions away, admins excepted). A command's default member permission only hides it in the
 * client, and server admins can change that. Fails closed when the guild or the member is not known.
 */
export function requireGuildPermission(interaction: BaseInteraction, permission: CheckedPermission, locale: AppLocale): void {
  if (holdsGuildPermission(interaction, PermissionFlagsBits[permission])) return;
  const text = commonText(locale);
  throw new UserError(text.missingPermission({ permission: text[`permission_${permission}`] }));
}

function holdsGuildPermission(interaction: BaseInteraction, flag: bigint): boolean {
  const guild = interaction.guild;
  const member = guild?.members.resolve(interaction.user.id);
  if (!guild || !member) return false;
  // member.permissions: every role's base permissions (Administrator means all), or all for the owner.
  const permissions = member.permissions;
  if (permissions.has(PermissionFlagsBits.Administrator)) return true;
  return !member.isCommunicationDisabled() && permissions.has(flag, false);
}

/**
 * Validates command options beyond what the builder declares (ranges that depend on each other, formats, ids).
 * The first problem becomes one clear ephemeral message naming the option.
 */
export function parseOptions<S extends z.ZodType>(schema: S, raw: unknown, locale: AppLocale): z.infer<S> {
  const result = schema.safeParse(raw, { error: zodErrorMap(locale) });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const text = commonText(locale);
  const key = issue?.path[0];
  throw new UserError(text.invalidOption({ option: key === undefined ? text.optionFallback : optionLabel(String(key), locale), problem: issue?.message ?? text.problemFallback }));
}

/** zod's built-in messages in `locale`, for services that validate a member's input beyond the command's options. */
export function zodErrorMap(locale: AppLocale): z.core.$ZodErrorMap {
  return ZOD_LOCALES[locale].localeError;
}

/** An option as the member sees it in their client: its localised name when the schema key is the option's name. */
function optionLabel(key: string, locale: AppLocale): string {
  const names: Readonly<Record<string, string>> = commandNames(locale);
  return Object.hasOwn(names, key) ? (names[key] as string) : key;
}

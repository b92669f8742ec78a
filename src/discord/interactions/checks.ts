import { PermissionFlagsBits, type PermissionsBitField } from 'discord.js';
import type { z } from 'zod';
import { commonText } from '../../i18n/common.js';
import type { AppLocale } from '../../i18n/locale.js';
import { UserError } from './user-error.js';

/** The permissions attune's own checks name, as Discord's client labels them. */
const PERMISSION_LABELS = {
  ManageGuild: 'Manage Server',
  ManageMessages: 'Manage Messages',
  ManageRoles: 'Manage Roles',
  ModerateMembers: 'Timeout Members',
} as const satisfies Partial<Record<keyof typeof PermissionFlagsBits, string>>;

export type CheckedPermission = keyof typeof PERMISSION_LABELS;

/**
 * Server-side permission check. A command's default member permission only hides it in the client, and server
 * admins can override that; rules attune enforces (moderator-only actions) are re-checked here on every use.
 * `permissions` is the member's permissions in the channel, as Discord computed them for the interaction.
 */
export function requirePermission(
  permissions: Readonly<PermissionsBitField> | null,
  permission: CheckedPermission,
  locale: AppLocale,
): void {
  if (permissions?.has(PermissionFlagsBits[permission], true)) return;
  throw new UserError(commonText(locale).missingPermission({ permission: PERMISSION_LABELS[permission] }));
}

/**
 * Validates command options beyond what the builder declares (ranges that depend on each other, formats, ids).
 * The first problem becomes one clear ephemeral message naming the option.
 */
export function parseOptions<S extends z.ZodType>(schema: S, raw: unknown, locale: AppLocale): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new UserError(
    commonText(locale).invalidOption({ option: String(issue?.path[0] ?? 'options'), problem: issue?.message ?? 'is invalid' }),
  );
}

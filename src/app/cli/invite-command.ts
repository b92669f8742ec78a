/**
 * `attune invite [--role-rewards]`: the link that adds the bot to a server with exactly the permissions its enabled
 * features need (src/discord/required-permissions.ts), and what each is for. Manage Roles is asked for only when role
 * rewards are on: `--role-rewards`, or a server in the database already has one.
 */
import { openDatabase } from '../../db/connection.js';
import { guildQueries } from '../../db/queries/guilds.js';
import { runMigrations } from '../../db/migrate.js';
import { inviteUrl, permissionNames, requiredPermissions } from '../../discord/required-permissions.js';
import { readEconomyConfig } from '../../economy/config.js';

export interface InviteOptions {
  applicationId: string;
  databasePath: string;
  roleRewards: boolean;
}

/** Servers in the database that give roles at point thresholds. */
function serversWithRoleRewards(databasePath: string): number {
  const handle = openDatabase(databasePath);
  try {
    runMigrations(handle.db);
    return guildQueries(handle.sqlite)
      .presentGuildIds()
      .filter((guildId) => readEconomyConfig(handle.db, guildId).roleRewards.length > 0).length;
  } finally {
    handle.close();
  }
}

/** `ViewChannel` → `View Channel`. */
function readable(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2');
}

export function runInvite(options: InviteOptions, print: (line: string) => void = console.log): number {
  const servers = serversWithRoleRewards(options.databasePath);
  const roleRewards = options.roleRewards || servers > 0;
  const permissions = requiredPermissions({ roleRewards });
  print(`attune: invite link for application ${options.applicationId}:`);
  print(`  ${inviteUrl(options.applicationId, permissions)}`);
  print(`  permissions (${permissions}): ${permissionNames(permissions).map(readable).join(', ')}`);
  print(
    roleRewards
      ? `  Manage Roles is included: role rewards are ${options.roleRewards ? 'requested (--role-rewards)' : `set up in ${servers} server(s)`}.`
      : '  Manage Roles is left out: no server gives role rewards (add --role-rewards if you will set them up).',
  );
  print('Open the link signed in to Discord, pick the server and keep every box ticked. Opening it again in a server');
  print('attune is already in grants a permission it lacks. Then run `npm run attune -- register-commands`.');
  return 0;
}

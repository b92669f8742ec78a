/**
 * Role rewards at point thresholds. Reaching a threshold queues a grant (one row per member and role, so it is
 * queued once); the tick grants pending ones. When attune lacks Manage Roles (or the role sits above its own), the
 * guild gets one admin notice, announced once, and grants pause until an admin changes the economy settings, which
 * clears the notice: one clear message instead of a retry loop against Discord's invalid-request limit.
 */
import type Database from 'better-sqlite3';
import { inWriteTransaction } from '../db/connection.js';
import { economyQueries, type RoleGrantKey } from '../db/queries/economy.js';
import type { Logger } from '../ops/log.js';
import { enqueueAnnouncement } from './announcements.js';
import type { EconomyConfig } from './config.js';

export const MISSING_MANAGE_ROLES = 'missing_manage_roles';

/**
 * What Discord said to a grant: done, refused (attune lacks Manage Roles, or the role is above its own), or the
 * member or role is gone. Any other failure (network, 5xx) is thrown: the grant is retried at a later tick.
 */
export type RoleGrantOutcome = 'granted' | 'forbidden' | 'gone';
export type GrantRole = (guildId: string, userId: string, roleId: string) => Promise<RoleGrantOutcome>;

/** Queues grants for the roles whose thresholds the balance reaches. Returns how many were new. */
export function queueRoleRewards(
  sqlite: Database.Database,
  config: EconomyConfig,
  guildId: string,
  memberId: string,
  balance: number,
  at: number,
): number {
  const queries = economyQueries(sqlite);
  const reached = config.roleRewards.filter((reward) => balance >= reward.threshold);
  return reached.filter((reward) => queries.queueRoleGrant({ guildId, memberId, roleId: reward.roleId }, at)).length;
}

export function hasAdminNotice(sqlite: Database.Database, guildId: string, kind: string): boolean {
  return economyQueries(sqlite).hasAdminNotice(guildId, kind);
}

export function clearAdminNotice(sqlite: Database.Database, guildId: string, kind: string): void {
  economyQueries(sqlite).clearAdminNotice(guildId, kind);
}

export class RoleGranter {
  constructor(
    private readonly sqlite: Database.Database,
    private readonly grant: GrantRole,
    private readonly configOf: (guildId: string) => EconomyConfig,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  /** Grants pending roles of the guilds `owns` accepts (this process's), one request at a time; returns how many. */
  async grantPending(owns: (guildId: string) => boolean = () => true, limit = 20): Promise<number> {
    const pending = economyQueries(this.sqlite).pendingRoleGrants(MISSING_MANAGE_ROLES, limit);
    let granted = 0;
    const blocked = new Set<string>();
    for (const grant of pending) {
      if (blocked.has(grant.guildId) || !owns(grant.guildId)) continue;
      let outcome: RoleGrantOutcome;
      try {
        outcome = await this.grant(grant.guildId, grant.memberId, grant.roleId);
      } catch (error) {
        this.log.warn({ err: error, ...grant }, 'role reward not granted; will retry');
        break;
      }
      if (outcome === 'forbidden') {
        blocked.add(grant.guildId);
        this.noticeMissingPermission(grant.guildId);
      } else if (outcome === 'gone') {
        this.setState(grant, 'failed', 'member or role no longer exists');
      } else {
        inWriteTransaction(this.sqlite, () => {
          this.setState(grant, 'granted', null);
          const threshold = this.thresholdOf(grant.guildId, grant.roleId);
          enqueueAnnouncement(this.sqlite, {
            guildId: grant.guildId,
            channelId: null,
            payload: { kind: 'role_reward', memberId: grant.memberId, roleId: grant.roleId, threshold },
            dedupeKey: `role:${grant.guildId}:${grant.memberId}:${grant.roleId}`,
            at: this.now(),
          });
        });
        granted += 1;
      }
    }
    return granted;
  }

  private noticeMissingPermission(guildId: string): void {
    const at = this.now();
    inWriteTransaction(this.sqlite, () => {
      if (!economyQueries(this.sqlite).addAdminNotice(guildId, MISSING_MANAGE_ROLES, 'Manage Roles', at)) return;
      this.log.warn({ guildId }, 'role rewards paused: attune lacks Manage Roles (or the role is above its own)');
      enqueueAnnouncement(this.sqlite, {
        guildId,
        channelId: null,
        payload: { kind: 'admin_notice', notice: MISSING_MANAGE_ROLES },
        dedupeKey: `admin_notice:${guildId}:${MISSING_MANAGE_ROLES}:${at}`,
        at,
      });
    });
  }

  private thresholdOf(guildId: string, roleId: string): number {
    return this.configOf(guildId).roleRewards.find((r) => r.roleId === roleId)?.threshold ?? 0;
  }

  private setState(grant: RoleGrantKey, state: 'granted' | 'failed', error: string | null): void {
    economyQueries(this.sqlite).setRoleGrantState(grant, state, error, this.now());
  }
}

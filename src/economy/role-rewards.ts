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
import { classifyDiscordError } from './discord-errors.js';

export const MISSING_MANAGE_ROLES = 'missing_manage_roles';

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
    private readonly grant: (guildId: string, userId: string, roleId: string) => Promise<void>,
    private readonly configOf: (guildId: string) => EconomyConfig,
    private readonly log: Logger,
    private readonly now: () => number,
    /** Guilds this process grants for (its shards'); default every guild. */
    private readonly ownsGuild: (guildId: string) => boolean = () => true,
  ) {}

  /** Grants pending roles, one request at a time; returns how many were granted. */
  async grantPending(limit = 20): Promise<number> {
    const pending = economyQueries(this.sqlite).pendingRoleGrants(MISSING_MANAGE_ROLES, limit);
    let granted = 0;
    const blocked = new Set<string>();
    for (const grant of pending) {
      if (blocked.has(grant.guildId) || !this.ownsGuild(grant.guildId)) continue;
      try {
        await this.grant(grant.guildId, grant.memberId, grant.roleId);
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
      } catch (error) {
        const failure = classifyDiscordError(error);
        if (failure === 'forbidden') {
          blocked.add(grant.guildId);
          this.noticeMissingPermission(grant.guildId);
        } else if (failure === 'gone') {
          this.setState(grant, 'failed', 'member or role no longer exists');
        } else {
          this.log.warn({ err: error, ...grant }, 'role reward not granted; will retry');
          break;
        }
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

/**
 * The economy as one long-lived service: keeps the ledger in step with recorded activity (after each ingest commit,
 * and by a sweep at start-up and periodically), awards badges and queues role rewards for the members that changed,
 * and answers the commands. All writes happen on the main connection in short transactions.
 */
import type Database from 'better-sqlite3';
import { inWriteTransaction, isSqliteBusy, type Db } from '../db/connection.js';
import type { IngestOp } from '../ingest/records.js';
import type { Logger } from '../ops/log.js';
import { enqueueAnnouncement } from './announcements.js';
import { BadgeEvaluator } from './badges.js';
import { readEconomyConfig, type EconomyConfig } from './config.js';
import { Ledger } from './ledger.js';
import { settingsQueries } from '../db/queries/settings.js';
import { periodRange, weekOf, ALL_TIME, type Period } from './periods.js';
import { queueRoleRewards } from './role-rewards.js';
import { currentSeason } from './seasons.js';
import { breakdownOf, standingOf, standingsPage } from './standings.js';
import { EconomySync, type TouchedMembers } from './sync.js';

/** How often the full sweep runs besides start-up: it catches imports made by the CLI while the bot runs. */
export const SWEEP_INTERVAL_MS = 6 * 60 * 60 * 1000;

export interface EconomyServiceOptions {
  sqlite: Database.Database;
  db: Db;
  log: Logger;
  now: () => number;
}

/** Message ids whose rewards an ingest op may have changed. */
export function postsTouchedBy(op: IngestOp): string[] {
  switch (op.kind) {
    case 'post':
      return [op.post.id];
    case 'postsDeleted':
      return op.ids;
    case 'reactionAdded':
      return [op.reaction.messageId];
    case 'reactionRemoved':
    case 'reactionsCleared':
    case 'reactionSet':
      return [op.messageId];
    default:
      return [];
  }
}

export class EconomyService {
  readonly ledger: Ledger;
  readonly badges: BadgeEvaluator;
  private readonly sync: EconomySync;
  private dirty = new Set<string>();
  private scheduled: NodeJS.Immediate | null = null;
  private running: Promise<void> = Promise.resolve();
  private lastSweepAt: number | null = null;
  private stopped = false;

  constructor(private readonly options: EconomyServiceOptions) {
    this.ledger = new Ledger(options.sqlite);
    this.badges = new BadgeEvaluator(options.sqlite);
    this.sync = new EconomySync(options.sqlite, this.ledger, (guildId) => this.config(guildId));
  }

  get sqlite(): Database.Database {
    return this.options.sqlite;
  }

  config(guildId: string): EconomyConfig {
    return readEconomyConfig(this.options.db, guildId);
  }

  /** Called after the ingest writer commits a batch: the touched posts are reconciled shortly after. */
  noteCommitted(ops: readonly IngestOp[]): void {
    if (this.stopped) return;
    for (const op of ops) for (const id of postsTouchedBy(op)) this.dirty.add(id);
    if (this.dirty.size > 0) this.scheduled ??= setImmediate(() => void this.flush());
  }

  /** Reconciles the posts noted since the last flush. */
  flush(): Promise<void> {
    if (this.scheduled) {
      clearImmediate(this.scheduled);
      this.scheduled = null;
    }
    return this.exclusive(async () => {
      const ids = this.dirty;
      this.dirty = new Set();
      if (ids.size === 0) return;
      const touched = this.sync.reconcilePosts(ids, this.options.now());
      this.afterChange(touched);
    });
  }

  /** Reconciles every post whose ledger is out of step (start-up; then every SWEEP_INTERVAL_MS from the tick). */
  sweep(): Promise<void> {
    return this.exclusive(async () => {
      const started = performance.now();
      this.lastSweepAt = this.options.now();
      const touched = await this.sync.sweep(this.options.now);
      this.afterChange(touched);
      this.options.log.debug({ ms: Math.round(performance.now() - started), members: countMembers(touched) }, 'economy sweep done');
    });
  }

  sweepDue(): boolean {
    return this.lastSweepAt === null || this.options.now() - this.lastSweepAt >= SWEEP_INTERVAL_MS;
  }

  /** Awards badges and queues role rewards for members who were just paid. */
  afterChange(touched: TouchedMembers): void {
    const at = this.options.now();
    const { sqlite } = this.options;
    for (const [guildId, members] of touched) {
      const config = this.config(guildId);
      inWriteTransaction(sqlite, () => {
        for (const memberId of members) {
          for (const badge of this.badges.evaluate(guildId, memberId, at)) {
            enqueueAnnouncement(sqlite, {
              guildId,
              channelId: null,
              payload: { kind: 'badge', memberId, badge },
              dedupeKey: `badge:${guildId}:${memberId}:${badge}`,
              at,
            });
          }
          if (config.roleRewards.length > 0) {
            queueRoleRewards(sqlite, config, guildId, memberId, this.ledger.balance(guildId, memberId), at);
          }
        }
      });
    }
  }

  /** Resolves once noted posts are reconciled and no sync is running. */
  async idle(): Promise<void> {
    await this.flush();
    await this.running;
  }

  stop(): void {
    this.stopped = true;
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
  }

  /** A moderator's manual change, keyed by the interaction so a retried interaction applies once. */
  adjust(a: { guildId: string; memberId: string; delta: number; reason: string; moderatorId: string; interactionId: string }): { applied: boolean; balance: number } {
    const at = this.options.now();
    const applied = this.ledger.append(
      {
        guildId: a.guildId,
        memberId: a.memberId,
        delta: a.delta,
        reason: 'adjustment',
        kind: 'adjustment',
        sourceKey: `adjust:${a.interactionId}`,
        actorId: a.moderatorId,
        note: a.reason,
        at,
      },
      at,
    );
    if (applied && a.delta > 0) this.afterChange(new Map([[a.guildId, new Set([a.memberId])]]));
    return { applied, balance: this.ledger.balance(a.guildId, a.memberId) };
  }

  summary(guildId: string, memberId: string) {
    const { sqlite } = this.options;
    const now = this.options.now();
    const all = standingOf(sqlite, guildId, memberId, ALL_TIME);
    const week = standingOf(sqlite, guildId, memberId, weekOf(now, settingsQueries(sqlite).timeZone(guildId)));
    return {
      balance: all.points,
      rank: all.rank,
      weekGain: week.points,
      breakdown: breakdownOf(sqlite, guildId, memberId),
      badges: this.badges.held(guildId, memberId),
    };
  }

  leaderboard(guildId: string, period: Period, page: number, pageSize: number, at = this.options.now()) {
    const season = currentSeason(this.options.sqlite, guildId);
    const range = periodRange(period, at, season.startedAt, settingsQueries(this.options.sqlite).timeZone(guildId));
    return { ...standingsPage(this.options.sqlite, guildId, range, page, pageSize), range, season };
  }

  /** Runs `work` after whatever sync is running, so windows of a sweep and flushes never interleave. */
  private exclusive(work: () => Promise<void>): Promise<void> {
    const next = this.running.then(work).catch((error: unknown) => {
      // Another connection holding the write lock past the busy timeout is expected now and then (an import, a
      // backup): the retry below heals it, so it is a warning, not an error someone should be paged for.
      const level = isSqliteBusy(error) ? 'warn' : 'error';
      this.options.log[level]({ err: error }, 'economy sync failed; it is retried at the next tick');
      if (!this.stopped) this.lastSweepAt = null;
    });
    this.running = next;
    return next;
  }
}

function countMembers(touched: TouchedMembers): number {
  let n = 0;
  for (const members of touched.values()) n += members.size;
  return n;
}

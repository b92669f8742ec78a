/**
 * The economy and contests as the running bot uses them: services wired to the discord.js client (announcements,
 * role grants), a node-cron tick for deadlines, announcements and role rewards, and the start-up pass (a sweep of
 * the ledger against the recorded activity, then due deadlines) once the start-up backfill is done.
 */
import type Database from 'better-sqlite3';
import { PermissionFlagsBits, type Client } from 'discord.js';
import cron, { type ScheduledTask } from 'node-cron';
import { ContestService } from '../contests/service.js';
import { renderContestAnnouncement } from '../contests/render.js';
import type { DatabaseHandle } from '../db/connection.js';
import { appLocale } from '../i18n/locale.js';
import type { IngestWriter } from '../ingest/ingest-writer.js';
import type { Logger } from '../ops/log.js';
import { ALL_GUILDS, type GuildScope } from '../ops/guild-scope.js';
import { Announcer } from './announcements.js';
import { MissingPermissionError } from './discord-errors.js';
import { renderEconomyAnnouncement } from './render.js';
import { RoleGranter } from './role-rewards.js';
import { EconomyService } from './service.js';

/** Every 20 seconds: deadlines are honoured within a tick, and announcements go out in small batches. */
export const ECONOMY_TICK = '*/20 * * * * *';

export interface EconomyRuntimeOptions {
  client: Client;
  database: DatabaseHandle;
  writer: IngestWriter;
  log: Logger;
  now: () => number;
  /** Posts moderation confirmed low quality, for contest exclusion (default: posts reversed by reversePostRewards). */
  isPostDemoted?: (postId: string) => boolean;
  /** The guilds this process (shard) acts for; default every guild. */
  scope?: GuildScope;
}

export class EconomyRuntime {
  readonly economy: EconomyService;
  readonly contests: ContestService;
  private readonly announcer: Announcer;
  private readonly roles: RoleGranter;
  private task: ScheduledTask | null = null;
  private running: Promise<void> = Promise.resolve();
  private startup: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly scope: GuildScope;

  constructor(private readonly options: EconomyRuntimeOptions) {
    const { database, log, now, client } = options;
    this.scope = options.scope ?? ALL_GUILDS;
    const sqlite = database.sqlite;
    this.economy = new EconomyService({ sqlite, db: database.db, log, now });
    this.contests = new ContestService({
      sqlite,
      economy: this.economy,
      now,
      ...(options.isPostDemoted ? { isPostDemoted: options.isPostDemoted } : {}),
    });
    const postLink = (guildId: string) => (postId: string) => postLinkOf(sqlite, guildId, postId);
    this.announcer = new Announcer(sqlite, {
      deliver: async (channelId, message, nonce) => {
        const channel = await client.channels.fetch(channelId);
        if (!channel?.isSendable()) throw new MissingPermissionError('SendMessages');
        await channel.send({
          content: message.content,
          ...(message.components ? { components: message.components } : {}),
          allowedMentions: { parse: [] },
          nonce,
          enforceNonce: true,
        });
      },
      render: (guildId, payload, locale) =>
        renderEconomyAnnouncement(payload, locale) ?? renderContestAnnouncement(this.contests, postLink(guildId), guildId, payload, locale),
      defaultChannel: (guildId) => this.economy.config(guildId).announceChannelId,
      localeOf: (guildId) => guildLocale(client, sqlite, guildId),
      log,
      now,
      ownsGuild: this.scope.owns,
    });
    this.roles = new RoleGranter(
      sqlite,
      async (guildId, userId, roleId) => {
        const guild = client.guilds.cache.get(guildId) ?? (await client.guilds.fetch(guildId));
        if (!guild.members.me?.permissions.has(PermissionFlagsBits.ManageRoles)) throw new MissingPermissionError('ManageRoles');
        await guild.members.addRole({ user: userId, role: roleId });
      },
      (guildId) => this.economy.config(guildId),
      log,
      now,
      this.scope.owns,
    );
    options.writer.onCommitted((ops) => this.economy.noteCommitted(ops));
  }

  /** Once `startupDone` resolves (the start-up backfill), sweeps and processes what fell due, then ticks on a schedule. */
  start(startupDone: Promise<void>): void {
    this.startup = startupDone
      .then(() => this.runDueWork())
      .then(() => {
        if (this.stopped) return;
        this.task = cron.schedule(ECONOMY_TICK, () => this.runDueWork(), { name: 'attune-economy', noOverlap: true });
      })
      .catch((error: unknown) => this.options.log.error({ err: error }, 'economy start-up pass failed'));
  }

  /** One tick: reconcile, sweep when due, contest deadlines, role rewards, announcements. Never overlaps itself. */
  runDueWork(): Promise<void> {
    const run = this.running.then(async () => {
      if (this.stopped) return;
      try {
        await this.economy.flush();
        // The sweep is database-wide and idempotent: one process (shard 0's) runs it; each shard reconciles the
        // posts its own gateway events touched through the writer's commit hook.
        if (this.scope.runsGlobalJobs && this.economy.sweepDue()) await this.economy.sweep();
        this.contests.processDeadlines(this.scope.owns);
        await this.roles.grantPending();
        await this.announcer.sendPending();
      } catch (error) {
        this.options.log.error({ err: error }, 'economy tick failed; retried at the next tick');
      }
    });
    this.running = run;
    return run;
  }

  /** Resolves when the start-up pass and any running tick are done and noted activity is reconciled. */
  async idle(): Promise<void> {
    await this.startup;
    await this.running;
    await this.economy.idle();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.task?.destroy();
    this.task = null;
    this.economy.stop();
    await this.running;
    await this.economy.idle();
  }
}

/**
 * The language of a guild's channel posts: its preferred locale as the gateway reports it now (an admin may change it
 * at any time; discord.js keeps the cached guild current), else as recorded when the guild was last synced.
 */
function guildLocale(client: Client, sqlite: Database.Database, guildId: string) {
  const live = client.guilds.cache.get(guildId)?.preferredLocale;
  if (live) return appLocale(live);
  const row = sqlite.prepare(`SELECT preferred_locale AS locale FROM guilds WHERE id = ?`).get(guildId) as { locale: string } | undefined;
  return appLocale(row?.locale);
}

export function postLinkOf(sqlite: Database.Database, guildId: string, postId: string): string {
  const row = sqlite.prepare(`SELECT channel_id AS channelId, thread_id AS threadId FROM posts WHERE id = ?`).get(postId) as
    | { channelId: string; threadId: string | null }
    | undefined;
  return row ? `https://discord.com/channels/${guildId}/${row.threadId ?? row.channelId}/${postId}` : postId;
}

/**
 * The per-minute digest tick (node-cron): claims every guild whose digest is due in its own time zone (one run per
 * guild and local day: `last_run_day` moves forward in the same transaction that creates the run), then works on
 * every unfinished run, new or left over from before a restart: compose (community + DM outbox), then deliver.
 * Ticks never overlap; stop() waits for the tick in progress to reach a safe point (between two sends).
 */
import { and, asc, eq, ne } from 'drizzle-orm';
import { schedule as cronSchedule, type ScheduledTask, type TaskFn, type TaskOptions } from 'node-cron';
import type Database from 'better-sqlite3';
import type { Client } from 'discord.js';
import type { Db } from '../db/connection.js';
import { digestRuns, digestSettings, type DigestRun } from '../db/schema-recommend.js';
import type { Logger } from '../ops/log.js';
import type { ServingCache } from '../recommend/serving/serving-cache.js';
import type { DigestComposer } from './digest-composer.js';
import type { DigestDelivery } from './digest-delivery.js';
import { dueDay } from './local-time.js';

export const DIGEST_TASK_NAME = 'attune-digest';
/** Every minute: a digest goes out within a minute of its local hour. */
export const DEFAULT_DIGEST_TICK = '* * * * *';

/** node-cron's `schedule`, or a test's stand-in that never fires on its own (tests tick the scheduler by hand). */
export type Scheduler = (expression: string, task: TaskFn, options: TaskOptions) => Pick<ScheduledTask, 'destroy'>;

export interface DigestSchedulerOptions {
  sqlite: Database.Database;
  db: Db;
  client: Client;
  cache: ServingCache;
  composer: DigestComposer;
  delivery: DigestDelivery;
  log: Logger;
  now: () => number;
  /** Tests fire ticks themselves; default node-cron. */
  scheduler?: Scheduler;
  /** When the tick runs (DIGEST_TICK_CRON; default every minute). */
  cron?: string;
  /** Called once per run delivered (metrics). */
  onDelivered?: (guildId: string) => void;
}

export class DigestScheduler {
  #task: { destroy(): void | Promise<void> } | null = null;
  #running: Promise<void> | null = null;
  #stopping = false;

  constructor(private readonly options: DigestSchedulerOptions) {}

  start(): void {
    const schedule: Scheduler = this.options.scheduler ?? cronSchedule;
    this.#task = schedule(this.options.cron ?? DEFAULT_DIGEST_TICK, () => this.tick(), { name: DIGEST_TASK_NAME, noOverlap: true });
  }

  /** One tick; a tick requested while one runs waits for it instead of starting another. */
  tick(): Promise<void> {
    if (this.#stopping) return Promise.resolve();
    this.#running ??= this.#tick()
      .catch((error: unknown) => this.options.log.error({ err: error }, 'digest tick failed'))
      .finally(() => (this.#running = null));
    return this.#running;
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#task?.destroy();
    await this.#running;
  }

  async #tick(): Promise<void> {
    const { db, client, now } = this.options;
    const at = now();
    for (const settings of db.select().from(digestSettings).where(eq(digestSettings.enabled, true)).all()) {
      if (!client.guilds.cache.has(settings.guildId)) continue;
      const day = dueDay(settings, at);
      if (day !== null) this.#claim(settings.guildId, day, settings.channelId, settings.size, at);
    }
    const unfinished = db.select().from(digestRuns).where(ne(digestRuns.status, 'done')).orderBy(asc(digestRuns.startedAt)).all();
    for (const run of unfinished) {
      if (this.#stopping) return;
      if (!client.guilds.cache.has(run.guildId)) continue;
      await this.#work(run);
    }
  }

  #claim(guildId: string, day: string, channelId: string, size: number, at: number): void {
    const { sqlite, log } = this.options;
    const claimed = sqlite.transaction(() => {
      const update = sqlite
        .prepare(`UPDATE digest_settings SET last_run_day = ? WHERE guild_id = ? AND (last_run_day IS NULL OR last_run_day < ?)`)
        .run(day, guildId, day);
      if (update.changes === 0) return false;
      sqlite
        .prepare(
          `INSERT OR IGNORE INTO digest_runs (guild_id, day, status, channel_id, size, items, started_at) VALUES (?, ?, 'composing', ?, ?, '[]', ?)`,
        )
        .run(guildId, day, channelId, size, at);
      return true;
    })();
    if (claimed) log.info({ guildId, day }, 'daily digest started');
  }

  async #work(initial: DigestRun): Promise<void> {
    const { db, cache, composer, delivery, log } = this.options;
    const key = and(eq(digestRuns.guildId, initial.guildId), eq(digestRuns.day, initial.day));
    if (initial.status === 'composing') {
      const { entry, release } = await cache.lease(initial.guildId);
      try {
        const pipeline = initial.messageId === null ? this.options.composer.livePipeline() : null;
        if (pipeline) {
          const community = composer.community(entry, initial.guildId, initial.size, pipeline);
          db.update(digestRuns).set({ items: community.items }).where(key).run();
        }
        const composed = await composer.composeDirectMessages(entry, initial.guildId, initial.day, initial.size, () => this.#stopping);
        if (this.#stopping) return;
        db.update(digestRuns).set({ status: 'delivering' }).where(key).run();
        log.info({ guildId: initial.guildId, day: initial.day, composed }, 'daily digest composed');
      } finally {
        release();
      }
    }
    const run = db.select().from(digestRuns).where(key).get();
    if (!run || run.status !== 'delivering') return;
    const done = await delivery.deliverRun(run, () => this.#stopping);
    if (done) {
      db.update(digestRuns).set({ status: 'done', finishedAt: this.options.now() }).where(key).run();
      log.info({ guildId: run.guildId, day: run.day }, 'daily digest delivered');
      this.options.onDelivered?.(run.guildId);
    }
  }
}

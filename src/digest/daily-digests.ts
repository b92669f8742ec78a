/**
 * The daily digest's runs, one per guild and local day: a run is started once when the guild's digest falls due in
 * its own time zone (`last_run_day` moves forward in the same transaction that creates the run), composed (the
 * community digest and each DM member's digest, their deliveries enqueued), delivered, and marked done. Runs left unfinished by a restart pick up where
 * they stopped. The digest task (src/tasks/digest-task.ts) drives them.
 */
import { and, asc, eq, ne } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { Db } from '../db/connection.js';
import { digestRuns, digestSettings, type DigestRun } from '../db/schema-recommend.js';
import type { Logger } from '../ops/log.js';
import type { ServingCache } from '../recommend/serving/serving-cache.js';
import type { DigestComposer } from './digest-composer.js';
import { enqueueCommunityDigest } from './digest-deliveries.js';
import { dueDay } from './local-time.js';

export interface DailyDigestsOptions {
  sqlite: Database.Database;
  db: Db;
  cache: ServingCache;
  composer: DigestComposer;
  log: Logger;
  now: () => number;
}

export class DailyDigests {
  constructor(private readonly options: DailyDigestsOptions) {}

  /** Starts today's run of every enabled guild whose digest hour has come in its time zone (`include`: this process's guilds). */
  startDueRuns(include: (guildId: string) => boolean): void {
    const { db, now } = this.options;
    const at = now();
    for (const settings of db.select().from(digestSettings).where(eq(digestSettings.enabled, true)).all()) {
      if (!include(settings.guildId)) continue;
      const day = dueDay(settings, at);
      if (day !== null) this.#claim(settings.guildId, day, settings.channelId, settings.size, at);
    }
  }

  /** Runs not yet done, oldest first: new ones and those a restart interrupted. */
  unfinishedRuns(): DigestRun[] {
    return this.options.db.select().from(digestRuns).where(ne(digestRuns.status, 'done')).orderBy(asc(digestRuns.startedAt)).all();
  }

  /**
   * Composes a `composing` run (the community digest's items, then every due member's DM digest into the outbox) and
   * moves it to `delivering`; returns the run as it now stands (null when it is gone).
   */
  async compose(run: DigestRun, shouldStop: () => boolean): Promise<DigestRun | null> {
    const { db, cache, composer, log } = this.options;
    if (run.status === 'composing') {
      const { entry, release } = await cache.lease(run.guildId);
      try {
        const pipeline = run.messageId === null ? composer.livePipeline() : null;
        if (pipeline) {
          const community = await composer.community(entry, run.guildId, run.channelId, run.size, pipeline);
          this.options.sqlite.transaction(() => {
            db.update(digestRuns).set({ items: community.items }).where(this.#key(run)).run();
            enqueueCommunityDigest(this.options.sqlite, run, this.options.now());
          })();
        }
        const composed = await composer.composeDirectMessages(entry, run.guildId, run.day, run.size, shouldStop);
        if (shouldStop()) return this.#reread(run);
        db.update(digestRuns).set({ status: 'delivering' }).where(this.#key(run)).run();
        log.info({ guildId: run.guildId, day: run.day, composed }, 'daily digest composed');
      } finally {
        release();
      }
    }
    return this.#reread(run);
  }

  /** Marks a delivered run done. */
  finish(run: DigestRun): void {
    this.options.db.update(digestRuns).set({ status: 'done', finishedAt: this.options.now() }).where(this.#key(run)).run();
    this.options.log.info({ guildId: run.guildId, day: run.day }, 'daily digest delivered');
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

  #key(run: DigestRun) {
    return and(eq(digestRuns.guildId, run.guildId), eq(digestRuns.day, run.day));
  }

  #reread(run: DigestRun): DigestRun | null {
    return this.options.db.select().from(digestRuns).where(this.#key(run)).get() ?? null;
  }
}

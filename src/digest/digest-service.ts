/**
 * The digest feature as the commands and buttons see it: the scheduler (tick, stop) and "Show my picks", which
 * answers with the member's personal digest for the day: the one already in the outbox (a DM member, or a second
 * press) or one composed now and stored, so a member never gets two different digests for one day.
 */
import type Database from 'better-sqlite3';
import type { Db } from '../db/connection.js';
import { digestQueries } from '../db/queries/digest.js';
import type { Reply } from '../discord/interactions/respond.js';
import { digestText } from '../i18n/digest.js';
import type { AppLocale } from '../i18n/locale.js';
import type { ChannelAccess } from '../recommend/channel-access.js';
import { databaseThreadKnowledge } from '../recommend/db-thread-knowledge.js';
import type { RecommendService } from '../recommend/recommend-service.js';
import type { DigestComposer } from './digest-composer.js';
import { renderPersonalDigest } from './digest-render.js';
import type { DigestScheduler } from './digest-scheduler.js';
import { digestSettingsOf } from './digest-settings-store.js';
import { visibleItems } from './visible-items.js';

const DEFAULT_SIZE = 5;

export interface DigestServiceOptions {
  sqlite: Database.Database;
  db: Db;
  recommend: RecommendService;
  composer: DigestComposer;
  scheduler: DigestScheduler;
  access: ChannelAccess;
  now: () => number;
}

export class DigestService {
  constructor(private readonly options: DigestServiceOptions) {}

  get scheduler(): DigestScheduler {
    return this.options.scheduler;
  }

  /** Runs one digest tick now (the cron does this every minute). */
  tick(): Promise<void> {
    return this.options.scheduler.tick();
  }

  /** "Show my picks": records the press, then the member's digest for `day`, re-checked against permissions now. */
  async picks(guildId: string, memberId: string, day: string, locale: AppLocale): Promise<Reply | null> {
    const { db, sqlite, recommend, composer, now } = this.options;
    const queries = digestQueries(sqlite);
    queries.recordPicksPress({ guildId, memberId, day, at: now() });
    let row = queries.personalDigest(guildId, memberId, day);
    if (!row) {
      const { entry, release } = await recommend.cache.lease(guildId);
      try {
        const size = digestSettingsOf(db, guildId)?.size ?? DEFAULT_SIZE;
        const composed = await composer.personal(entry, guildId, memberId, size, composer.livePipeline(), recommend.optedOutAuthors(guildId));
        if (!composed) return null;
        composer.store(guildId, memberId, day, 'picks', composed);
      } finally {
        release();
      }
      row = queries.personalDigest(guildId, memberId, day);
      if (!row) return null;
    }
    const access = await this.options.access.forMember(guildId, memberId, databaseThreadKnowledge(sqlite, memberId));
    if (!access) return null;
    const items = visibleItems(sqlite, access, row.items);
    recommend.recordImpressions(
      guildId,
      memberId,
      'digest_picks',
      items.map((item) => ({ postId: item.postId, reason: item.reason.kind })),
      row.method,
      now(),
      day,
    );
    return renderPersonalDigest(guildId, items, row.method, locale, { title: digestText(locale).picksTitle, direct: false });
  }
}

/**
 * The digest feature as the buttons see it: "Show my picks", which answers with the member's personal digest for the
 * day: the one already composed (a DM member, or a second press) or one composed now and stored, so a member never
 * gets two different digests for one day.
 */
import type Database from 'better-sqlite3';
import type { Db } from '../db/connection.js';
import { digestQueries } from '../db/queries/digest.js';
import type { ChannelAccess } from '../recommend/channel-access.js';
import type { RecommendService } from '../recommend/recommend-service.js';
import type { DigestComposer } from './digest-composer.js';
import type { DigestItem } from './digest-items.js';
import { digestSettingsOf } from './digest-settings-store.js';

const DEFAULT_SIZE = 5;

export interface DigestServiceOptions {
  sqlite: Database.Database;
  db: Db;
  recommend: RecommendService;
  composer: DigestComposer;
  access: ChannelAccess;
  now: () => number;
}

export class DigestService {
  constructor(private readonly options: DigestServiceOptions) {}

  /**
   * "Show my picks": records the press, then the member's digest for `day` with what they may be shown now (recorded
   * as shown); 'no-digest' when the guild had no digest that day (a button never sent: nothing is composed or
   * stored for it), null when they are not in the guild.
   */
  async picks(guildId: string, memberId: string, day: string): Promise<{ items: DigestItem[]; method: string } | 'no-digest' | null> {
    const { db, sqlite, recommend, composer, now } = this.options;
    const queries = digestQueries(sqlite);
    if (!queries.hasRun(guildId, day)) return 'no-digest';
    // A member who opted out is shown their picks, composed now, and nothing about it is stored.
    const recorded = !recommend.optedOutMembers(guildId).has(memberId);
    if (recorded) queries.recordPicksPress({ guildId, memberId, day, at: now() });
    let row: { items: DigestItem[]; method: string } | undefined = queries.personalDigest(guildId, memberId, day);
    if (!row) {
      const { entry, release } = await recommend.cache.lease(guildId);
      try {
        const size = digestSettingsOf(db, guildId)?.size ?? DEFAULT_SIZE;
        const composed = await composer.personal(entry, guildId, memberId, size, composer.livePipeline(), recommend.optedOutMembers(guildId));
        if (!composed) return null;
        if (recorded) composer.store(guildId, memberId, day, 'picks', composed);
        row = recorded ? queries.personalDigest(guildId, memberId, day) : composed;
      } finally {
        release();
      }
      if (!row) return null;
    }
    const access = await this.options.access.forMember(guildId, memberId);
    if (!access) return null;
    const items = await recommend.showableNow(guildId, access, row.items);
    recommend.recordImpressions(
      guildId,
      memberId,
      'digest_picks',
      items.map((item) => ({ postId: item.postId, reason: item.reason.kind })),
      row.method,
      now(),
      day,
    );
    return { items, method: row.method };
  }
}

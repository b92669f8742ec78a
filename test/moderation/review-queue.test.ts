/** GIVEN the review queue service on a real database THEN flags are idempotent and confirmations are atomic. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActivityStore } from '../../src/ingest/activity-store.js';
import { isPostDemoted } from '../../src/moderation/demotions.js';
import { ModerationService } from '../../src/moderation/moderation-service.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';

describe('ModerationService', () => {
  let db: TempDb;
  beforeEach(() => {
    db = createTempDb();
    new ActivityStore(db.sqlite).apply([
      { kind: 'guild', guild: { id: '1', name: 'g', ownerId: null, preferredLocale: 'en-US' }, at: 1 },
      {
        kind: 'post',
        post: {
          id: '10', guildId: '1', channelId: '2', threadId: null, authorId: '3', authorIsBot: false, createdAt: 1, editedAt: null,
          replyToId: null, replyToAuthorId: null, attachmentCount: 0, content: null, mentionedUserIds: [], source: 'import',
        },
      },
    ]);
  });
  afterEach(() => db.dispose());
  const count = (table: string) => (db.sqlite.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

  it('GIVEN the same flag twice THEN one flag, one audit entry; GIVEN an unknown post or another guild THEN nothing', () => {
    const moderation = new ModerationService(db);
    const flag = { guildId: '1', postId: '10', reporterId: '4', source: 'member' as const, at: 5 };
    expect(moderation.flag(flag)).toBe('queued');
    expect(moderation.flag(flag)).toBe('already-flagged');
    expect(moderation.flag({ ...flag, postId: '99' })).toBe('unknown-post');
    expect(moderation.flag({ ...flag, guildId: '2' })).toBe('unknown-post');
    expect([count('post_flags'), count('moderation_audit'), count('moderation_reviews')]).toEqual([1, 1, 1]);
    // Model flags have no reporter and are deduplicated per post too.
    const model = { guildId: '1', postId: '10', reporterId: null, source: 'model' as const, score: 0.1, at: 6 };
    expect(moderation.flag(model)).toBe('queued');
    expect(moderation.flag(model)).toBe('already-flagged');
    expect(count('post_flags')).toBe(2);
  });

  it('GIVEN a subscriber that fails THEN the confirmation rolls back: no demotion, case still open, no audit entry', () => {
    const moderation = new ModerationService(db, [
      () => {
        throw new Error('ledger unavailable');
      },
    ]);
    moderation.flag({ guildId: '1', postId: '10', reporterId: '4', source: 'moderator', at: 5 });
    expect(() => moderation.confirm('1', '10', '4', 6)).toThrow('ledger unavailable');
    expect(isPostDemoted(db.sqlite, '10')).toBe(false);
    expect(moderation.openCount('1')).toBe(1);
    expect(count('moderation_audit')).toBe(1);
  });

  it('GIVEN a dismissed case THEN a moderator flag re-opens it but a member report does not', () => {
    const moderation = new ModerationService(db);
    moderation.flag({ guildId: '1', postId: '10', reporterId: '4', source: 'member', at: 5 });
    expect(moderation.dismiss('1', '10', '5', 6)).toBe('resolved');
    expect(moderation.flag({ guildId: '1', postId: '10', reporterId: '6', source: 'member', at: 7 })).toBe('already-reviewed');
    expect(moderation.openCount('1')).toBe(0);
    expect(moderation.flag({ guildId: '1', postId: '10', reporterId: '5', source: 'moderator', at: 8 })).toBe('queued');
    expect(moderation.openCount('1')).toBe(1);
  });
});

/**
 * GIVEN recorded guilds, members and messages and a clock the test controls THEN the retention sweep, run as a task
 * on a simulated scheduler, purges departed members after their retention, removed guilds after the grace period, and
 * message text after its retention — not a tick earlier. And GIVEN Discord deletes a message THEN its text and
 * derived data go with it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALL_GUILDS } from '../../src/ops/guild-scope.js';
import { silentLogger } from '../../src/ops/log.js';
import { ActivityStore } from '../../src/ingest/activity-store.js';
import type { IngestOp, PostRecord } from '../../src/ingest/records.js';
import { retentionTask } from '../../src/tasks/retention-task.js';
import { SimulatedScheduler } from '../../src/tasks/simulated-scheduler.js';
import { TaskRunner } from '../../src/tasks/task-runner.js';
import { findTraces } from '../helpers/db-scan.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 2, 1);

function post(id: string, guildId: string, authorId: string, createdAt: number, content: string): PostRecord {
  return {
    id, guildId, channelId: `${guildId}0`, threadId: null, authorId, authorIsBot: false, createdAt, editedAt: null,
    replyToId: null, replyToAuthorId: null, attachmentCount: 0, content, mentionedUserIds: [], source: 'gateway',
  };
}

describe('retention sweeps', () => {
  let db: TempDb;
  let store: ActivityStore;
  let scheduler: SimulatedScheduler;
  /** Moves the simulated clock to `time`: the hourly sweep runs once if an hour's :17 lies on the way. */
  const tickAt = (time: number) => scheduler.advanceTo(time);
  const count = (sql: string, ...params: unknown[]) => (db.sqlite.prepare(sql).get(...params) as { n: number }).n;

  beforeEach(() => {
    db = createTempDb();
    store = new ActivityStore(db.sqlite);
    scheduler = new SimulatedScheduler(T0);
    const ops: IngestOp[] = [];
    for (const guildId of ['201', '202']) {
      ops.push({ kind: 'guild', guild: { id: guildId, name: `g${guildId}`, ownerId: null, preferredLocale: 'en-US' }, at: T0 });
      for (const userId of ['1', '2']) {
        ops.push({ kind: 'member', member: { guildId, userId, username: `u${userId}`, displayName: null, isBot: false, joinedAt: T0 }, at: T0 });
      }
      ops.push({ kind: 'post', post: post(`${guildId}1`, guildId, '1', T0, `leaver words ${guildId}`) });
      ops.push({ kind: 'post', post: post(`${guildId}2`, guildId, '2', T0 + 20 * DAY, `stayer words ${guildId}`) });
      ops.push({ kind: 'reactionAdded', reaction: { guildId, messageId: `${guildId}2`, userId: '1', emoji: '👍', emojiName: null, at: T0 } });
    }
    // Member 1 leaves guild 201 on day 1; the bot is removed from guild 202 on day 2.
    ops.push({ kind: 'memberLeft', guildId: '201', userId: '1', at: T0 + 1 * DAY });
    ops.push({ kind: 'guildLeft', guildId: '202', at: T0 + 2 * DAY });
    store.apply(ops);
    new TaskRunner(scheduler, ALL_GUILDS, silentLogger).add(
      retentionTask({
        sqlite: db.sqlite,
        policy: { memberRetentionDays: 30, guildGraceDays: 7, contentRetentionDays: 45 },
        schedule: '17 * * * *',
        now: () => scheduler.now,
        log: silentLogger,
      }),
    );
  });
  afterEach(() => db.dispose());

  it('GIVEN the schedule THEN the sweep is registered on the configured cron expression', () => {
    expect(scheduler.scheduled()).toEqual([{ name: 'retention', schedule: '17 * * * *' }]);
  });

  it('GIVEN a removed guild THEN it survives the grace period and is purged from every table after it', async () => {
    await tickAt(T0 + 8 * DAY);
    expect(count(`SELECT COUNT(*) AS n FROM guilds WHERE id = '202'`)).toBe(1);
    await tickAt(T0 + 9 * DAY + 1);
    expect(count(`SELECT COUNT(*) AS n FROM guilds WHERE id = '202'`)).toBe(0);
    expect(findTraces(db.sqlite, '202')).toEqual([]);
    expect(count(`SELECT COUNT(*) AS n FROM posts WHERE guild_id = '201'`)).toBe(2);
  });

  it('GIVEN a departed member THEN their data stays through the retention and is erased from that guild after it', async () => {
    await tickAt(T0 + 30 * DAY);
    expect(count(`SELECT COUNT(*) AS n FROM members WHERE guild_id = '201' AND user_id = '1'`)).toBe(1);
    await tickAt(T0 + 31 * DAY + 1);
    expect(count(`SELECT COUNT(*) AS n FROM members WHERE guild_id = '201' AND user_id = '1'`)).toBe(0);
    expect(count(`SELECT COUNT(*) AS n FROM posts WHERE author_id = '1' AND guild_id = '201'`)).toBe(0);
    expect(count(`SELECT COUNT(*) AS n FROM reactions WHERE user_id = '1' AND guild_id = '201'`)).toBe(0);
    expect(findTraces(db.sqlite, 'leaver words 201')).toEqual([]);
    // The member who stayed keeps everything.
    expect(count(`SELECT COUNT(*) AS n FROM posts WHERE author_id = '2' AND guild_id = '201'`)).toBe(1);
  });

  it('GIVEN message text older than its retention THEN the text goes and the post stays', async () => {
    await tickAt(T0 + 44 * DAY);
    expect(count(`SELECT COUNT(*) AS n FROM posts WHERE id = '2012' AND content IS NOT NULL`)).toBe(1);
    await tickAt(T0 + 66 * DAY);
    expect(db.sqlite.prepare(`SELECT content FROM posts WHERE id = '2012'`).get()).toEqual({ content: null });
  });

  it('GIVEN Discord deletes a message THEN its text, reactions and quality score are erased with it', () => {
    db.sqlite.prepare(`INSERT INTO post_quality_scores (post_id, guild_id, score, scored_at) VALUES ('2012', '201', 0.5, ?)`).run(T0);
    store.apply([{ kind: 'postsDeleted', ids: ['2012'], at: T0 + DAY }]);
    expect(findTraces(db.sqlite, 'stayer words 201')).toEqual([]);
    expect(count(`SELECT COUNT(*) AS n FROM reactions WHERE message_id = '2012'`)).toBe(0);
    expect(count(`SELECT COUNT(*) AS n FROM post_quality_scores WHERE post_id = '2012'`)).toBe(0);
  });
});

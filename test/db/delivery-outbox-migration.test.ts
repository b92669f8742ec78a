/**
 * GIVEN a database from before the delivery outbox (digest_outbox and economy_announcements, each with rows in every
 * state) WHEN it is migrated THEN every row's delivery state moves to delivery_outbox (nonce, attempts, message id,
 * times; a crash's `sending` row stays `sending` with its nonce), each digest stays in member_digests for the picks
 * button and later digests, a run still delivering without its community post gets that post queued, and the old
 * tables are gone.
 */
import { expect, it } from 'vitest';
import { allTables } from '../helpers/db-scan.js';
import { migrationDb } from '../helpers/migration-db.js';

const GUILD = '100000000000000001';
const T0 = Date.UTC(2026, 2, 2, 9);
const database = migrationDb();

it('GIVEN digest and announcement outbox rows in every state WHEN migrated THEN they are one outbox and the digests are kept', () => {
  database.migrateBefore('_delivery_outbox');
  const sql = database.handle.sqlite;
  sql.prepare(`INSERT INTO guilds (id, name, joined_at, updated_at) VALUES (?, 'g', ?, ?)`).run(GUILD, T0, T0);
  const items = (postId: string) => JSON.stringify([{ postId, channelId: '5', threadId: null, authorId: '6', createdAt: T0, reason: { kind: 'rising' } }]);
  // Yesterday's run is done; today's is delivering and its community post was never accepted.
  const run = sql.prepare(`INSERT INTO digest_runs (guild_id, day, status, channel_id, size, items, message_id, started_at) VALUES (?, ?, ?, '700', 5, '[]', ?, ?)`);
  run.run(GUILD, '2026-03-01', 'done', '900', T0 - 86_400_000);
  run.run(GUILD, '2026-03-02', 'delivering', null, T0);
  const digest = sql.prepare(
    `INSERT INTO digest_outbox (guild_id, member_id, day, kind, status, items, method, nonce, attempts, last_error, message_id, composed_at, delivered_at)
     VALUES (?, ?, '2026-03-02', ?, ?, ?, 'attune', ?, ?, ?, ?, ?, ?)`,
  );
  digest.run(GUILD, '11', 'dm', 'sent', items('1'), 'nonce-sent', 1, null, '801', T0, T0 + 5);
  digest.run(GUILD, '12', 'dm', 'sending', items('2'), 'nonce-sending', 1, null, null, T0, null);
  digest.run(GUILD, '13', 'dm', 'pending', items('3'), 'nonce-pending', 0, null, null, T0, null);
  digest.run(GUILD, '14', 'dm', 'dm_closed', items('4'), 'nonce-closed', 1, 'Cannot send messages to this user', null, T0, null);
  digest.run(GUILD, '15', 'dm', 'empty', '[]', 'nonce-empty', 0, null, null, T0, null);
  digest.run(GUILD, '16', 'picks', 'shown', items('6'), 'nonce-picks', 0, null, null, T0, null);
  const announcement = sql.prepare(
    `INSERT INTO economy_announcements (guild_id, channel_id, kind, payload, dedupe_key, created_at, sent_at, dropped_at, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  announcement.run(GUILD, null, 'badge', '{"kind":"badge","memberId":"11","badge":"first_post"}', `badge:${GUILD}:11:first_post`, T0, T0 + 1, null, null);
  announcement.run(GUILD, null, 'badge', '{"kind":"badge","memberId":"12","badge":"first_post"}', `badge:${GUILD}:12:first_post`, T0, null, T0 + 1, 'no announcement channel configured');
  announcement.run(GUILD, '700', 'contest_results', '{"kind":"contest_results","contestId":3}', 'contest:3:results', T0, null, T0 + 2, 'forbidden');
  announcement.run(GUILD, '700', 'contest_voting', '{"kind":"contest_voting","contestId":4}', 'contest:4:voting', T0, null, null, null);

  database.migrateAll();

  expect(allTables(sql)).not.toContain('digest_outbox');
  expect(allTables(sql)).not.toContain('economy_announcements');
  expect(
    sql
      .prepare(
        `SELECT sender, kind, dedupe_key AS dedupeKey, channel_id AS channelId, user_id AS userId, payload, status, nonce, attempts,
                last_error AS lastError, message_id AS messageId, created_at AS createdAt, sent_at AS sentAt FROM delivery_outbox ORDER BY id`,
      )
      .all(),
  ).toEqual([
    { sender: 'announcement', kind: 'badge', dedupeKey: `badge:${GUILD}:11:first_post`, channelId: null, userId: null, payload: '{"kind":"badge","memberId":"11","badge":"first_post"}', status: 'sent', nonce: null, attempts: 0, lastError: null, messageId: null, createdAt: T0, sentAt: T0 + 1 },
    { sender: 'announcement', kind: 'badge', dedupeKey: `badge:${GUILD}:12:first_post`, channelId: null, userId: null, payload: '{"kind":"badge","memberId":"12","badge":"first_post"}', status: 'skipped', nonce: null, attempts: 0, lastError: 'no announcement channel configured', messageId: null, createdAt: T0, sentAt: null },
    { sender: 'announcement', kind: 'contest_results', dedupeKey: 'contest:3:results', channelId: '700', userId: null, payload: '{"kind":"contest_results","contestId":3}', status: 'dropped', nonce: null, attempts: 0, lastError: 'forbidden', messageId: null, createdAt: T0, sentAt: null },
    { sender: 'announcement', kind: 'contest_voting', dedupeKey: 'contest:4:voting', channelId: '700', userId: null, payload: '{"kind":"contest_voting","contestId":4}', status: 'pending', nonce: null, attempts: 0, lastError: null, messageId: null, createdAt: T0, sentAt: null },
    { sender: 'digest', kind: 'community', dedupeKey: `digest:${GUILD}:2026-03-02:community`, channelId: '700', userId: null, payload: '{"day":"2026-03-02"}', status: 'pending', nonce: null, attempts: 0, lastError: null, messageId: null, createdAt: T0, sentAt: null },
    ...[
      ['11', 'sent', 'nonce-sent', 1, null, '801', T0 + 5],
      ['12', 'sending', 'nonce-sending', 1, null, null, null],
      ['13', 'pending', 'nonce-pending', 0, null, null, null],
      ['14', 'dm_closed', 'nonce-closed', 1, 'Cannot send messages to this user', null, null],
      ['15', 'skipped', 'nonce-empty', 0, null, null, null],
    ].map(([userId, status, nonce, attempts, lastError, messageId, sentAt]) => ({
      sender: 'digest',
      kind: 'dm',
      dedupeKey: `digest:${GUILD}:2026-03-02:dm:${userId}`,
      channelId: null,
      userId,
      payload: '{"day":"2026-03-02"}',
      status,
      nonce,
      attempts,
      lastError,
      messageId,
      createdAt: T0,
      sentAt,
    })),
  ]);
  expect(sql.prepare(`SELECT member_id AS memberId, kind, items, method FROM member_digests ORDER BY member_id`).all()).toEqual([
    { memberId: '11', kind: 'dm', items: items('1'), method: 'attune' },
    { memberId: '12', kind: 'dm', items: items('2'), method: 'attune' },
    { memberId: '13', kind: 'dm', items: items('3'), method: 'attune' },
    { memberId: '14', kind: 'dm', items: items('4'), method: 'attune' },
    { memberId: '15', kind: 'dm', items: '[]', method: 'attune' },
    { memberId: '16', kind: 'picks', items: items('6'), method: 'attune' },
  ]);
});

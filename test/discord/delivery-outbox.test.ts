/**
 * The delivery outbox through the real bot and the fake Discord. GIVEN announcements left `sending` together by a
 * crash (one joined message, one nonce) and new ones pending THEN the interrupted message goes out again exactly as
 * it was made up (its rows, its nonce, enforce_nonce) and the new ones as a message of their own; GIVEN an
 * announcement without a channel and one to a channel attune may not post in THEN the first is skipped and the
 * second dropped, neither retried. (Shard scope: test/ops/sharding.test.ts; digests, DMs closed, restarts:
 * test/digest/digest-delivery.test.ts and test/resilience/kill-during-*.test.ts.)
 */
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import { enqueueAnnouncement } from '../../src/economy/announcements.js';
import type { FakeDiscord, RecordedRequest } from '../../src/sim/index.js';
import { SimulatedScheduler } from '../../src/tasks/simulated-scheduler.js';
import { createTempDb, rows, startFake, startTestBot, type TempDb } from '../helpers/bot-harness.js';
import { captureLog } from '../helpers/log-capture.js';

let fake: FakeDiscord;
let db: TempDb;
let bot: RunningBot | null = null;
let guildId: string;
let announce: string;

beforeEach(async () => {
  fake = await startFake();
  db = createTempDb();
  guildId = fake.createGuild({ name: 'Outbox' }).id;
  announce = fake.createChannel(guildId, { name: 'announcements', type: ChannelType.GuildText }).id;
  // Never advanced: the economy tick (which sends announcements) runs when the test runs it.
  bot = await startTestBot(fake, db, { scheduler: new SimulatedScheduler(Date.now()) });
});
afterEach(async () => {
  expect(fake.specViolations).toEqual([]);
  await bot?.stop();
  bot = null;
  await fake.stop();
  db.dispose();
});

const badge = (memberId: string) => ({ kind: 'badge' as const, memberId, badge: 'first_post' });
const posts = () => fake.requests.filter((r: RecordedRequest) => r.method === 'POST' && r.path === `/channels/${announce}/messages`);
const bodyOf = (r: RecordedRequest) => r.body as { content: string; nonce: string; enforce_nonce: boolean };

it('GIVEN a joined message interrupted by a crash and new announcements THEN the interrupted one is resent as it was, with its nonce', async () => {
  const sqlite = bot!.database.sqlite;
  const at = Date.now();
  for (const member of ['11', '12', '13', '14', '15']) {
    enqueueAnnouncement(sqlite, { guildId, channelId: announce, payload: badge(member), dedupeKey: `badge:${guildId}:${member}:first_post`, at });
  }
  // Rows 1-3 were being sent together when the process died: `sending`, one nonce, one attempt spent.
  sqlite.prepare(`UPDATE delivery_outbox SET status = 'sending', nonce = 'interrupted-nonce-0000001', attempts = 1 WHERE id IN (1, 2, 3)`).run();

  await bot!.tasks.run('economy');

  const sent = posts().map(bodyOf);
  expect(sent).toHaveLength(2);
  expect(sent[0]).toMatchObject({ nonce: 'interrupted-nonce-0000001', enforce_nonce: true });
  expect(sent[0]!.content.split('\n')).toHaveLength(3);
  for (const member of ['11', '12', '13']) expect(sent[0]!.content).toContain(`<@${member}>`);
  expect(sent[1]!.nonce).not.toBe('interrupted-nonce-0000001');
  expect(sent[1]!.enforce_nonce).toBe(true);
  expect(sent[1]!.content.split('\n')).toHaveLength(2);
  const messages = fake.messages(announce).filter((m) => m.author.id === fake.botUserId).map((m) => m.id);
  expect(rows(bot!, `SELECT id, status, attempts, message_id AS messageId FROM delivery_outbox ORDER BY id`)).toEqual([
    { id: 1, status: 'sent', attempts: 2, messageId: messages[0] },
    { id: 2, status: 'sent', attempts: 2, messageId: messages[0] },
    { id: 3, status: 'sent', attempts: 2, messageId: messages[0] },
    { id: 4, status: 'sent', attempts: 1, messageId: messages[1] },
    { id: 5, status: 'sent', attempts: 1, messageId: messages[1] },
  ]);
  await bot!.tasks.run('economy');
  expect(posts()).toHaveLength(2);
});

it('GIVEN no announcement channel, and a channel attune may not post in THEN one is skipped and one dropped, and neither is retried', async () => {
  const closed = fake.createChannel(guildId, {
    name: 'closed',
    type: ChannelType.GuildText,
    permissionOverwrites: [{ id: fake.botUserId, type: 'member', deny: PermissionFlagsBits.SendMessages }],
  }).id;
  const sqlite = bot!.database.sqlite;
  const at = Date.now();
  enqueueAnnouncement(sqlite, { guildId, channelId: null, payload: badge('21'), dedupeKey: 'nowhere', at });
  enqueueAnnouncement(sqlite, { guildId, channelId: closed, payload: { kind: 'admin_notice', notice: 'missing_manage_roles' }, dedupeKey: 'closed', at });

  await bot!.tasks.run('economy');
  await bot!.tasks.run('economy');

  expect(rows(bot!, `SELECT dedupe_key AS key, status, attempts FROM delivery_outbox ORDER BY id`)).toEqual([
    { key: 'nowhere', status: 'skipped', attempts: 0 },
    { key: 'closed', status: 'dropped', attempts: 1 },
  ]);
  expect(rows<{ lastError: string }>(bot!, `SELECT last_error AS lastError FROM delivery_outbox WHERE dedupe_key = 'nowhere'`)[0]?.lastError).toBe(
    'no announcement channel configured',
  );
  // One request, refused (Missing Permissions): dropped, not retried on the next tick.
  expect(fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${closed}/messages`)).toHaveLength(1);
  expect(fake.messages(closed).filter((m) => m.author.id === fake.botUserId)).toEqual([]);
});

it('GIVEN another connection holding the write lock when Discord accepts a message THEN the pass stops with a warning, the row stays sending and the next pass resends it with its nonce: one message, marked sent', async () => {
  await bot!.stop();
  // A short busy timeout, so the bookkeeping gives up on the lock quickly (the default waits 5 s).
  const captured = captureLog('info');
  bot = await startTestBot(fake, db, { scheduler: new SimulatedScheduler(Date.now()), busyTimeoutMs: 100, log: captured.log });
  enqueueAnnouncement(bot.database.sqlite, { guildId, channelId: announce, payload: badge('21'), dedupeKey: `badge:${guildId}:21:first_post`, at: Date.now() });
  const isPost = (r: RecordedRequest) => r.method === 'POST' && r.path === `/channels/${announce}/messages`;

  fake.withholdResponses(isPost);
  const pass = bot.tasks.run('economy');
  await fake.waitForRequest(isPost);
  // A backup or a CLI import takes the write lock while the message is on its way.
  const other = new Database(db.path);
  other.prepare('BEGIN IMMEDIATE').run();
  try {
    fake.withholdResponses(null);
    expect(fake.releaseWithheld()).toBe(1);
    await pass;
    expect(fake.messages(announce).filter((m) => m.author.id === fake.botUserId)).toHaveLength(1);
    expect(rows(bot, `SELECT status FROM delivery_outbox`)).toEqual([{ status: 'sending' }]);
    // A lock is a pause, not a fault: said once as a warning, and not taken for Discord refusing the message.
    expect(captured.count('database is busy; delivery continues at the next pass')).toBe(1);
    expect(captured.lines().filter((line) => line.level >= 50)).toEqual([]);
    expect(captured.count('delivery not sent; retried at the next pass')).toBe(0);
  } finally {
    other.prepare('COMMIT').run();
    other.close();
  }

  await bot.tasks.run('economy');
  const sent = posts().map(bodyOf);
  expect(sent).toHaveLength(2);
  expect(sent[1]!.nonce).toBe(sent[0]!.nonce);
  const messages = fake.messages(announce).filter((m) => m.author.id === fake.botUserId);
  expect(messages).toHaveLength(1);
  expect(rows(bot, `SELECT status, message_id AS messageId FROM delivery_outbox`)).toEqual([{ status: 'sent', messageId: messages[0]!.id }]);
});

it('GIVEN another connection holding the write lock when a row is to be skipped THEN the pass stops with a warning, not a failed task, and the next pass settles the row', async () => {
  await bot!.stop();
  const captured = captureLog('info');
  bot = await startTestBot(fake, db, { scheduler: new SimulatedScheduler(Date.now()), busyTimeoutMs: 100, log: captured.log });
  enqueueAnnouncement(bot.database.sqlite, { guildId, channelId: null, payload: badge('31'), dedupeKey: 'nowhere-locked', at: Date.now() });

  const other = new Database(db.path);
  other.prepare('BEGIN IMMEDIATE').run();
  try {
    await bot.tasks.run('economy');
    expect(rows(bot, `SELECT status FROM delivery_outbox`)).toEqual([{ status: 'pending' }]);
    expect(captured.count('database is busy; delivery continues at the next pass')).toBe(1);
    expect(captured.lines().filter((line) => line.level >= 50)).toEqual([]);
  } finally {
    other.prepare('COMMIT').run();
    other.close();
  }

  await bot.tasks.run('economy');
  expect(rows(bot, `SELECT status, last_error AS lastError FROM delivery_outbox`)).toEqual([{ status: 'skipped', lastError: 'no announcement channel configured' }]);
});

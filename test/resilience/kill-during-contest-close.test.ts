/**
 * GIVEN a contest whose voting has ended WHEN the bot closes it and is killed with SIGKILL right after Discord accepted
 * the results announcement but before the bot heard back THEN, restarted, the contest stays closed once, placing
 * points are paid once, and the results are announced exactly once (the resend carries the same enforced nonce).
 */
import { ChannelType } from 'discord-api-types/v10';
import { afterEach, expect, it, vi } from 'vitest';
import type { FakeDiscord, RecordedRequest } from '../../src/sim/index.js';
import { createTempDb, startFake, type TempDb } from '../helpers/bot-harness.js';
import { BotProcess, errorLines } from './bot-process.js';
import { duplicates, query } from './world.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let fake: FakeDiscord | null = null;
let db: TempDb | null = null;
let bot: BotProcess | null = null;

afterEach(async () => {
  await bot?.stop();
  bot = null;
  await fake?.stop();
  fake = null;
  db?.dispose();
  db = null;
});

it('GIVEN a contest due to close WHEN the bot is killed -9 while announcing it THEN results are announced once and paid once', async () => {
  fake = await startFake();
  db = createTempDb();
  const f = fake;
  const now = Date.now();
  const guild = f.createGuild({ name: 'Contest' });
  const guildId = guild.id;
  const art = f.createChannel(guildId, { name: 'art', type: ChannelType.GuildText }).id;
  const joinedAt = now - 60 * DAY;
  const [a, b, c, ...voters] = Array.from({ length: 7 }, (_, i) => f.addMember(guildId, { username: `m${i}` }, { joinedAt }).user.id) as string[];
  const entryPosts = [a, b, c].map((authorId, i) => f.postMessage({ channelId: art, authorId: authorId!, content: `entry ${i}`, at: now - 20 * HOUR + i * HOUR }).id);

  bot = BotProcess.start(f, { databasePath: db.path });
  await bot.waitForLog('guild synced');

  // A contest whose voting ended a minute ago, as if the bot had been down at the deadline: due times in the data.
  const isAnnouncement = (request: RecordedRequest) => request.method === 'POST' && request.path === `/channels/${art}/messages`;
  f.withholdResponses(isAnnouncement);
  const contestId = db.sqlite.transaction(() => {
    const id = Number(
      db!.sqlite
        .prepare(`INSERT INTO contests (guild_id, title, theme, channel_id, created_by, created_at, submission_ends_at, voting_ends_at,
            entries_per_member, votes_per_member, vote_mode, vote_emoji, joined_before_only, state, voting_opened_at)
          VALUES (?, 'Sketches', 'cats', ?, ?, ?, ?, ?, 1, 3, 'buttons', '⭐', 0, 'voting', ?)`)
        .run(guildId, art, guild.owner_id, now - DAY, now - 2 * HOUR, now - 60_000, now - 2 * HOUR).lastInsertRowid,
    );
    const entryIds = entryPosts.map((postId, i) =>
      Number(
        db!.sqlite
          .prepare(`INSERT INTO contest_entries (contest_id, post_id, member_id, submitted_at, source) VALUES (?, ?, ?, ?, 'post')`)
          .run(id, postId, [a, b, c][i], now - 20 * HOUR + i * HOUR).lastInsertRowid,
      ),
    );
    // 3, 2 and 1 votes: places 1, 2, 3.
    const votes: [number, string][] = [
      [entryIds[0]!, voters[0]!], [entryIds[0]!, voters[1]!], [entryIds[0]!, voters[2]!],
      [entryIds[1]!, voters[0]!], [entryIds[1]!, voters[1]!],
      [entryIds[2]!, voters[3]!],
    ];
    for (const [entryId, voterId] of votes) {
      db!.sqlite.prepare(`INSERT INTO contest_votes (contest_id, entry_id, voter_id, at) VALUES (?, ?, ?, ?)`).run(id, entryId, voterId, now - HOUR);
    }
    return id;
  })();

  // The economy tick closes it (one transaction), then posts the results; the answer never comes and the bot dies.
  await f.waitForRequest(isAnnouncement, 90_000);
  await bot.kill9();
  f.withholdResponses(null);
  const closedAt = query<{ state: string; closedAt: number }>(db.path, `SELECT state, closed_at AS closedAt FROM contests WHERE id = ?`, contestId);
  expect(closedAt).toEqual([{ state: 'closed', closedAt: expect.any(Number) }]);
  expect(query(db.path, `SELECT status, sent_at AS sentAt FROM delivery_outbox WHERE kind = 'contest_results'`)).toEqual([{ status: 'sending', sentAt: null }]);

  bot = BotProcess.start(f, { databasePath: db.path });
  await vi.waitFor(
    () => expect(query(db!.path, `SELECT sent_at IS NOT NULL AS sent FROM delivery_outbox WHERE kind = 'contest_results'`)).toEqual([{ sent: 1 }]),
    { timeout: 120_000, interval: 250 },
  );

  // Closed once: the same closing time as before the kill.
  expect(query(db.path, `SELECT state, closed_at AS closedAt FROM contests WHERE id = ?`, contestId)).toEqual(closedAt);
  expect(query(db.path, `SELECT place, votes FROM contest_results WHERE contest_id = ? ORDER BY place`, contestId)).toEqual([
    { place: 1, votes: 3 },
    { place: 2, votes: 2 },
    { place: 3, votes: 1 },
  ]);
  const placing = query<{ memberId: string; delta: number; sourceKey: string }>(
    db.path,
    `SELECT member_id AS memberId, delta, source_key AS sourceKey FROM points_ledger WHERE reason = 'contest_placing' ORDER BY delta DESC`,
  );
  expect(placing.map(({ memberId, delta }) => ({ memberId, delta }))).toEqual([
    { memberId: a, delta: 50 },
    { memberId: b, delta: 30 },
    { memberId: c, delta: 20 },
  ]);
  expect(duplicates(query<{ k: string }>(db.path, `SELECT source_key AS k FROM points_ledger`).map((r) => r.k))).toEqual([]);
  // Announced once on Discord, though the bot sent it twice.
  const announcements = f.messages(art).filter((m) => m.author.id === f.botUserId);
  expect(announcements).toHaveLength(1);
  expect(f.requests.filter(isAnnouncement)).toHaveLength(2);
  expect(f.specViolations).toEqual([]);
  expect(errorLines(bot.output)).toEqual([]);
}, 300_000);

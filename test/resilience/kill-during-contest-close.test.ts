/**
 * GIVEN a contest whose voting has ended WHEN the bot closes it and is killed with SIGKILL right after Discord accepted
 * the results announcement but before the bot heard back THEN, restarted, the contest stays closed once, placing
 * points are paid once, and the results are announced exactly once (the resend carries the same enforced nonce).
 */
import { expect, it } from 'vitest';
import type { RecordedRequest } from '../../src/sim/index.js';
import { botPostsIn } from '../helpers/digest.js';
import { eventually } from '../helpers/eventually.js';
import { processWorld } from '../helpers/process-world.js';
import { rows } from '../helpers/rows.js';
import { duplicates } from './world.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const world = processWorld();

it('GIVEN a contest due to close WHEN the bot is killed -9 while announcing it THEN results are announced once and paid once', async () => {
  const { fake, db } = world;
  const now = Date.now();
  const guild = world.guild('Contest', { channels: ['general', 'art'], members: 7 });
  const art = guild.channels.art!;
  // attune's setup message after joining goes to the system channel, so the only post it makes in #art is the results.
  fake.updateGuild(guild.id, { systemChannelId: guild.channels.general! });
  const [a, b, c, ...voters] = guild.members as [string, string, string, ...string[]];
  const entryPosts = [a, b, c].map((authorId, i) => fake.postMessage({ channelId: art, authorId, content: `entry ${i}`, at: now - 20 * HOUR + i * HOUR }).id);

  const bot = world.startBot();
  await bot.waitForLog('guild synced');

  // A contest whose voting ended a minute ago, as if the bot had been down at the deadline: due times in the data.
  const isAnnouncement = (request: RecordedRequest) => request.method === 'POST' && request.path === `/channels/${art}/messages`;
  fake.withholdResponses(isAnnouncement);
  const contestId = db.sqlite.transaction(() => {
    const id = Number(
      db.sqlite
        .prepare(`INSERT INTO contests (guild_id, title, theme, channel_id, created_by, created_at, submission_ends_at, voting_ends_at,
            entries_per_member, votes_per_member, vote_mode, vote_emoji, joined_before_only, state, voting_opened_at)
          VALUES (?, 'Sketches', 'cats', ?, ?, ?, ?, ?, 1, 3, 'buttons', '⭐', 0, 'voting', ?)`)
        .run(guild.id, art, guild.ownerId, now - DAY, now - 2 * HOUR, now - 60_000, now - 2 * HOUR).lastInsertRowid,
    );
    const entryIds = entryPosts.map((postId, i) =>
      Number(
        db.sqlite
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
      db.sqlite.prepare(`INSERT INTO contest_votes (contest_id, entry_id, voter_id, at) VALUES (?, ?, ?, ?)`).run(id, entryId, voterId, now - HOUR);
    }
    return id;
  })();

  // The economy tick closes it (one transaction), then posts the results; the answer never comes and the bot dies.
  await fake.waitForRequest(isAnnouncement, 90_000);
  await bot.kill9();
  fake.withholdResponses(null);
  const closedAt = rows<{ state: string; closedAt: number }>(db.path, `SELECT state, closed_at AS closedAt FROM contests WHERE id = ?`, contestId);
  expect(closedAt).toEqual([{ state: 'closed', closedAt: expect.any(Number) }]);
  expect(rows(db.path, `SELECT status, sent_at AS sentAt FROM delivery_outbox WHERE kind = 'contest_results'`)).toEqual([{ status: 'sending', sentAt: null }]);

  world.startBot();
  await eventually(
    () => expect(rows(db.path, `SELECT sent_at IS NOT NULL AS sent FROM delivery_outbox WHERE kind = 'contest_results'`)).toEqual([{ sent: 1 }]),
    { timeout: 120_000, interval: 250 },
  );

  // Closed once: the same closing time as before the kill.
  expect(rows(db.path, `SELECT state, closed_at AS closedAt FROM contests WHERE id = ?`, contestId)).toEqual(closedAt);
  expect(rows(db.path, `SELECT place, votes FROM contest_results WHERE contest_id = ? ORDER BY place`, contestId)).toEqual([
    { place: 1, votes: 3 },
    { place: 2, votes: 2 },
    { place: 3, votes: 1 },
  ]);
  const placing = rows<{ memberId: string; delta: number }>(
    db.path,
    `SELECT member_id AS memberId, delta FROM points_ledger WHERE reason = 'contest_placing' ORDER BY delta DESC`,
  );
  expect(placing).toEqual([
    { memberId: a, delta: 50 },
    { memberId: b, delta: 30 },
    { memberId: c, delta: 20 },
  ]);
  expect(duplicates(rows<{ k: string }>(db.path, `SELECT source_key AS k FROM points_ledger`).map((r) => r.k))).toEqual([]);
  // Announced once on Discord, though the bot sent it twice.
  expect(botPostsIn(fake, art)).toHaveLength(1);
  expect(fake.requests.filter(isAnnouncement)).toHaveLength(2);
  world.expectNoFaults();
}, 300_000);

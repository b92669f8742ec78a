/**
 * GIVEN the contest service on a real database THEN reaction voting counts only valid votes, entries moderation
 * demotes are excluded through the injected predicate, votes outside the window are refused, and closing pays once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ContestRefusal, ContestService } from '../../src/contests/service.js';
import { reversePostRewards } from '../../src/economy/reversal.js';
import { DAY, EconomyWorld, GUILD, T0 } from '../economy/helpers.js';

const A = '300000000000000001';
const B = '300000000000000002';
const C = '300000000000000003';
const D = '300000000000000004';
const LATE = '300000000000000009';
const CHANNEL = '200000000000000077';
const HOUR = 3_600_000;

let world: EconomyWorld;
afterEach(() => world?.dispose());

function setup(demoted: Set<string> | null = null) {
  world = new EconomyWorld();
  for (const id of [A, B, C, D]) world.member(id, T0 - 30 * DAY);
  world.member(LATE, T0 + 1);
  const contests = new ContestService({
    sqlite: world.db.sqlite,
    economy: world.economy,
    now: () => world.clock,
    ...(demoted ? { isPostDemoted: (postId: string) => demoted.has(postId) } : {}),
  });
  return contests;
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ContestRefusal) return error.code;
    throw error;
  }
  return 'accepted';
}

describe('contest service', () => {
  it('GIVEN reaction voting THEN self, late-joiner, out-of-window and over-limit reactions do not count, and a demoted entry is excluded', async () => {
    const demoted = new Set<string>();
    const contests = setup(demoted);
    const contest = contests.create({
      guildId: GUILD, title: 't', theme: 'x', channelId: CHANNEL, createdBy: D,
      submissionEndsAt: T0 + 2 * HOUR, votingEndsAt: T0 + 4 * HOUR,
      entriesPerMember: 1, votesPerMember: 1, voteMode: 'reactions', voteEmoji: '👍', joinedBeforeOnly: true,
    });
    world.post('400000000000000001', A, T0 + 60_000, { channelId: CHANNEL });
    world.post('400000000000000002', B, T0 + 120_000, { channelId: CHANNEL });
    world.post('400000000000000003', C, T0 + 180_000, { channelId: CHANNEL });
    world.post('400000000000000004', A, T0 + 240_000, { channelId: CHANNEL }); // over A's entry limit
    world.clock = T0 + 2 * HOUR;
    contests.processDeadlines();
    expect(contests.entries(contest.id).map((e) => e.postId)).toEqual(['400000000000000001', '400000000000000002', '400000000000000003']);
    expect(refusal(() => contests.vote(GUILD, contest.id, 1, B))).toBe('vote_by_reaction');

    world.react('400000000000000001', C, T0 + 90_000); // before voting opened
    world.react('400000000000000001', A, T0 + 3 * HOUR); // self
    world.react('400000000000000001', LATE, T0 + 3 * HOUR); // joined after the contest started
    world.react('400000000000000002', D, T0 + 3 * HOUR); // D's one vote
    world.react('400000000000000001', D, T0 + 3 * HOUR + 1); // D over the limit
    world.react('400000000000000002', C, T0 + 3 * HOUR, '🎉'); // not the vote emoji
    world.react('400000000000000003', B, T0 + 3 * HOUR);
    world.react('400000000000000003', A, T0 + 3 * HOUR + 5);
    world.react('400000000000000001', B, T0 + 5 * HOUR); // after voting closed
    demoted.add('400000000000000003');
    await world.economy.flush();
    world.clock = T0 + 4 * HOUR;
    contests.processDeadlines();
    contests.processDeadlines();
    expect(contests.results(contest.id).map((r) => [r.postId, r.place, r.votes, r.excluded])).toEqual([
      ['400000000000000002', 1, 1, null],
      ['400000000000000001', 2, 0, null],
      ['400000000000000003', 0, 2, 'low_quality'],
    ]);
    expect(world.rows(`SELECT member_id AS m, reason, delta FROM points_ledger WHERE reason LIKE 'contest%' ORDER BY id`)).toEqual([
      { m: B, reason: 'contest_entry', delta: 5 },
      { m: B, reason: 'contest_placing', delta: 50 },
      { m: A, reason: 'contest_entry', delta: 5 },
    ]);
    expect(world.rows(`SELECT COUNT(*) AS n FROM delivery_outbox WHERE sender = 'announcement' AND kind = 'contest_results'`)).toEqual([{ n: 1 }]);
  });

  it('GIVEN button voting THEN votes before the window, after it, and on a cancelled contest are refused', () => {
    const contests = setup();
    const contest = contests.create({
      guildId: GUILD, title: 't', theme: 'x', channelId: CHANNEL, createdBy: D,
      submissionEndsAt: T0 + 2 * HOUR, votingEndsAt: T0 + 4 * HOUR,
      entriesPerMember: 2, votesPerMember: 3, voteMode: 'buttons', voteEmoji: '👍', joinedBeforeOnly: false,
    });
    world.post('400000000000000001', A, T0 + 60_000, { channelId: CHANNEL });
    world.post('400000000000000009', A, T0 - 60_000, { channelId: CHANNEL });
    contests.processDeadlines();
    expect(refusal(() => contests.submit(GUILD, contest.id, A, '400000000000000009', { submitter: () => true, contestReaders: () => true }))).toBe('post_before_contest');
    expect(refusal(() => contests.vote(GUILD, contest.id, 1, B))).toBe('voting_not_started');
    world.clock = T0 + 2 * HOUR;
    contests.processDeadlines();
    expect(refusal(() => contests.vote(GUILD, contest.id, 1, LATE))).toBe('accepted');
    expect(refusal(() => contests.vote(GUILD, contest.id, 99, B))).toBe('entry_gone');
    world.clock = T0 + 4 * HOUR;
    expect(refusal(() => contests.vote(GUILD, contest.id, 1, B))).toBe('voting_ended');
    expect(refusal(() => contests.vote(GUILD, contest.id + 1, 1, B))).toBe('not_found');
    contests.cancel(GUILD, contest.id);
    expect(refusal(() => contests.cancel(GUILD, contest.id))).toBe('already_finished');
    expect(refusal(() => contests.closeNow(GUILD, contest.id))).toBe('already_finished');
    expect(world.rows(`SELECT * FROM points_ledger WHERE reason LIKE 'contest%'`)).toEqual([]);
  });

  it('GIVEN an entry whose rewards moderation reversed THEN the default predicate (economy holds) excludes it', () => {
    const contests = setup();
    const contest = contests.create({
      guildId: GUILD, title: 't', theme: 'x', channelId: CHANNEL, createdBy: D,
      submissionEndsAt: T0 + 2 * HOUR, votingEndsAt: T0 + 4 * HOUR,
      entriesPerMember: 1, votesPerMember: 1, voteMode: 'buttons', voteEmoji: '👍', joinedBeforeOnly: false,
    });
    world.post('400000000000000001', A, T0 + 60_000, { channelId: CHANNEL });
    world.clock = T0 + HOUR;
    contests.processDeadlines();
    expect(contests.entries(contest.id)).toHaveLength(1);
    reversePostRewards(world.db.sqlite, { guildId: GUILD, postId: '400000000000000001', at: T0 + HOUR, reason: 'low_quality' });
    contests.closeNow(GUILD, contest.id);
    expect(contests.results(contest.id).map((r) => r.excluded)).toEqual(['low_quality']);
  });
});

/** GIVEN the earning rules as pure functions THEN each anti-farming rule, cap, period and tie rule holds on its own. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ECONOMY_CONFIG, economyConfigSchema } from '../../src/economy/config.js';
import { longestStreak, postingDays } from '../../src/economy/badges.js';
import { monthOf, weekOf } from '../../src/economy/periods.js';
import { decideAward, type AwardFacts } from '../../src/economy/rules.js';
import { limitVotesPerMember, placingPoints, rankEntries } from '../../src/contests/ranking.js';
import { messageIdFrom, parseDeadline } from '../../src/contests/options.js';

const DAY = 86_400_000;
const at = Date.UTC(2026, 2, 4, 12);
const facts = (over: Partial<AwardFacts> = {}): AwardFacts => ({
  receiverId: 'a',
  actorId: 'b',
  at,
  actorJoinedAt: at - 30 * DAY,
  earnedToday: 0,
  pairRewardsToday: 0,
  paidPostWithinCooldown: false,
  postHeld: false,
  ...over,
});
const config = DEFAULT_ECONOMY_CONFIG;

describe('earning rules', () => {
  it('GIVEN an ordinary reaction THEN it pays the rule\'s points', () => {
    expect(decideAward('reaction_received', facts(), config)).toEqual({ delta: config.reactionReceived.points, denial: null });
  });

  it('GIVEN a self-reaction or self-reply THEN it earns nothing, marked self', () => {
    expect(decideAward('reaction_received', facts({ actorId: 'a' }), config)).toEqual({ delta: 0, denial: 'self' });
    expect(decideAward('reply_received', facts({ actorId: 'a' }), config)).toEqual({ delta: 0, denial: 'self' });
  });

  it('GIVEN a reactor who joined less than newMemberDays before THEN it earns nothing; one who joined exactly then does', () => {
    const days = config.newMemberDays;
    expect(decideAward('reaction_received', facts({ actorJoinedAt: at - days * DAY + 1 }), config)).toEqual({ delta: 0, denial: 'new_member' });
    expect(decideAward('reaction_received', facts({ actorJoinedAt: at - days * DAY }), config).denial).toBeNull();
    expect(decideAward('reaction_received', facts({ actorJoinedAt: null }), config).denial).toBeNull();
  });

  it('GIVEN a pair that already rewarded each other pairDailyCap times today THEN the next one earns nothing', () => {
    expect(decideAward('reply_received', facts({ pairRewardsToday: config.pairDailyCap - 1 }), config).denial).toBeNull();
    expect(decideAward('reply_received', facts({ pairRewardsToday: config.pairDailyCap }), config)).toEqual({ delta: 0, denial: 'pair_cap' });
  });

  it('GIVEN the daily cap nearly reached THEN only the remainder is paid, then nothing', () => {
    const cap = config.post.dailyCap;
    expect(decideAward('post', facts({ actorId: 'a', earnedToday: cap - 1 }), config)).toEqual({ delta: 1, denial: 'daily_cap' });
    expect(decideAward('post', facts({ actorId: 'a', earnedToday: cap }), config)).toEqual({ delta: 0, denial: 'daily_cap' });
  });

  it('GIVEN a paid post within the cooldown THEN the post earns nothing', () => {
    expect(decideAward('post', facts({ actorId: 'a', paidPostWithinCooldown: true }), config)).toEqual({ delta: 0, denial: 'cooldown' });
  });

  it('GIVEN a post confirmed low quality THEN nothing about it earns', () => {
    expect(decideAward('reaction_received', facts({ postHeld: true }), config)).toEqual({ delta: 0, denial: 'low_quality' });
  });

  it('GIVEN config JSON with a bad field THEN zod rejects it and defaults fill missing ones', () => {
    expect(economyConfigSchema.safeParse({ post: { points: -1, dailyCap: 3 } }).success).toBe(false);
    expect(economyConfigSchema.parse({ pairDailyCap: 2 }).post).toEqual(DEFAULT_ECONOMY_CONFIG.post);
  });
});

describe('periods', () => {
  it('GIVEN times around a week boundary THEN weeks run Monday 00:00 to the next Monday in the guild\'s zone', () => {
    const monday = Date.UTC(2026, 2, 2);
    expect(weekOf(monday, 'UTC')).toEqual({ start: monday, end: monday + 7 * DAY });
    expect(weekOf(monday - 1, 'UTC')).toEqual({ start: monday - 7 * DAY, end: monday });
    expect(weekOf(Date.UTC(2026, 2, 8, 23, 59), 'UTC').start).toBe(monday);
    // Sunday 20:00 UTC is already Monday 04:00 in Shanghai: a new week there.
    expect(weekOf(Date.UTC(2026, 2, 8, 20), 'Asia/Shanghai')).toEqual({ start: Date.UTC(2026, 2, 8, 16), end: Date.UTC(2026, 2, 15, 16) });
  });

  it('GIVEN times around a month boundary THEN months are calendar months in the guild\'s zone', () => {
    expect(monthOf(Date.UTC(2026, 1, 28, 23, 59, 59, 999), 'UTC')).toEqual({ start: Date.UTC(2026, 1, 1), end: Date.UTC(2026, 2, 1) });
    expect(monthOf(Date.UTC(2026, 2, 1), 'UTC').start).toBe(Date.UTC(2026, 2, 1));
    expect(monthOf(Date.UTC(2026, 1, 28, 23), 'Europe/Berlin').start).toBe(Date.UTC(2026, 1, 28, 23));
  });

  it('GIVEN posts around local midnight THEN a posting streak counts the guild\'s days, also in a half-hour zone', () => {
    // 23:50 and 00:10 in Kolkata (UTC+05:30) are two days; in UTC they are the same day.
    const times = [Date.UTC(2026, 2, 1, 18, 20), Date.UTC(2026, 2, 1, 18, 40)];
    expect(longestStreak(postingDays(times, 'Asia/Kolkata'))).toBe(2);
    expect(longestStreak(postingDays(times, 'UTC'))).toBe(1);
  });
});

describe('badges and contests, pure parts', () => {
  it('GIVEN posting days with a gap THEN the longest streak counts consecutive days only', () => {
    expect(longestStreak([1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 3])).toBe(7);
    expect(longestStreak([])).toBe(0);
  });

  it('GIVEN tied votes THEN the entry submitted first ranks higher; excluded entries are not ranked', () => {
    const placings = rankEntries([
      { entryId: 1, memberId: 'a', postId: 'p1', submittedAt: 20, votes: 3, excluded: null },
      { entryId: 2, memberId: 'b', postId: 'p2', submittedAt: 10, votes: 3, excluded: null },
      { entryId: 3, memberId: 'c', postId: 'p3', submittedAt: 5, votes: 9, excluded: 'low_quality' },
      { entryId: 4, memberId: 'd', postId: 'p4', submittedAt: 1, votes: 0, excluded: null },
    ]);
    expect(placings.map((p) => [p.entryId, p.place])).toEqual([[2, 1], [1, 2], [4, 3], [3, 0]]);
    expect(placingPoints(placings[2]!, [50, 30, 20])).toBe(0);
    expect(placingPoints(placings[0]!, [50, 30, 20])).toBe(50);
  });

  it('GIVEN more reaction votes than allowed THEN each member\'s earliest votes count, one per entry', () => {
    const kept = limitVotesPerMember(
      [
        { entryId: 1, voterId: 'v', at: 3 },
        { entryId: 2, voterId: 'v', at: 1 },
        { entryId: 2, voterId: 'v', at: 2 },
        { entryId: 3, voterId: 'v', at: 4 },
      ],
      2,
    );
    expect(kept.map((v) => v.entryId)).toEqual([2, 1]);
  });

  it('GIVEN deadlines as typed THEN durations and dates on the guild\'s clock parse, past, far and impossible ones are refused', () => {
    const now = Date.UTC(2026, 2, 1);
    expect(parseDeadline('48h', now, 'UTC')).toEqual({ at: now + 48 * 3_600_000 });
    expect(parseDeadline('2026-03-05 18:00', now, 'UTC')).toEqual({ at: Date.UTC(2026, 2, 5, 18) });
    // The same wall time in Shanghai (UTC+8) is eight hours earlier.
    expect(parseDeadline('2026-03-05 18:00', now, 'Asia/Shanghai')).toEqual({ at: Date.UTC(2026, 2, 5, 10) });
    expect(parseDeadline('2026-03-05', now, 'America/New_York')).toEqual({ at: Date.UTC(2026, 2, 5, 5) });
    // An explicit offset wins over the guild's zone.
    expect(parseDeadline('2026-03-05T18:00:00+02:00', now, 'Asia/Shanghai')).toEqual({ at: Date.UTC(2026, 2, 5, 16) });
    expect(parseDeadline('2026-02-31', now, 'UTC')).toEqual({ problem: 'format' });
    expect(parseDeadline('2026-02-01', now, 'UTC')).toEqual({ problem: 'past' });
    expect(parseDeadline('200d', now, 'UTC')).toEqual({ problem: 'too_far' });
    expect(parseDeadline('soon', now, 'UTC')).toEqual({ problem: 'format' });
    expect(messageIdFrom('https://discord.com/channels/1/2/123456789012345678')).toBe('123456789012345678');
    expect(messageIdFrom('hello')).toBeNull();
  });
});

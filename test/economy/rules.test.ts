/** GIVEN the earning rules as pure functions THEN each anti-farming rule, cap, period and tie rule holds on its own. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ECONOMY_CONFIG, economyConfigSchema } from '../../src/economy/config.js';
import { longestStreak } from '../../src/economy/badges.js';
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
  it('GIVEN times around a week boundary THEN weeks run Monday 00:00 UTC to the next Monday', () => {
    const monday = Date.UTC(2026, 2, 2);
    expect(weekOf(monday)).toEqual({ start: monday, end: monday + 7 * DAY });
    expect(weekOf(monday - 1)).toEqual({ start: monday - 7 * DAY, end: monday });
    expect(weekOf(Date.UTC(2026, 2, 8, 23, 59)).start).toBe(monday);
  });

  it('GIVEN times around a month boundary THEN months are calendar months in UTC', () => {
    expect(monthOf(Date.UTC(2026, 1, 28, 23, 59, 59, 999))).toEqual({ start: Date.UTC(2026, 1, 1), end: Date.UTC(2026, 2, 1) });
    expect(monthOf(Date.UTC(2026, 2, 1)).start).toBe(Date.UTC(2026, 2, 1));
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

  it('GIVEN deadlines as typed THEN durations and UTC dates parse, past and far ones are refused', () => {
    const now = Date.UTC(2026, 2, 1);
    expect(parseDeadline('48h', now)).toEqual({ at: now + 48 * 3_600_000 });
    expect(parseDeadline('2026-03-05 18:00', now)).toEqual({ at: Date.UTC(2026, 2, 5, 18) });
    expect(parseDeadline('2026-02-01', now)).toEqual({ problem: 'past' });
    expect(parseDeadline('200d', now)).toEqual({ problem: 'too_far' });
    expect(parseDeadline('soon', now)).toEqual({ problem: 'format' });
    expect(messageIdFrom('https://discord.com/channels/1/2/123456789012345678')).toBe('123456789012345678');
    expect(messageIdFrom('hello')).toBeNull();
  });
});

/**
 * Badges as data: each names a metric and a threshold. Metrics are read from the ledger (so the anti-farming rules
 * apply to badges too) and from the recorded activity. Evaluation is incremental (only members whose activity just
 * changed, only badges they do not hold yet) and awarding is an INSERT keyed by (guild, member, badge), so a badge is
 * awarded once, also across restarts. Badges are kept once earned.
 */
import type Database from 'better-sqlite3';
import { economyQueries, type EconomyQueries } from '../db/queries/economy.js';
import { settingsQueries } from '../db/queries/settings.js';
import { localDayNumber } from '../lib/zoned-time.js';

export const BADGE_METRICS = ['paidPosts', 'reactionsReceived', 'longestPostingStreak', 'repliesWithReactions', 'contestWins'] as const;
export type BadgeMetric = (typeof BADGE_METRICS)[number];

export interface BadgeRule {
  id: string;
  metric: BadgeMetric;
  threshold: number;
}

export const BADGE_RULES = [
  { id: 'first_post', metric: 'paidPosts', threshold: 1 },
  { id: 'reactions_100', metric: 'reactionsReceived', threshold: 100 },
  { id: 'streak_7', metric: 'longestPostingStreak', threshold: 7 },
  { id: 'first_reply_with_reactions', metric: 'repliesWithReactions', threshold: 1 },
  { id: 'contest_winner', metric: 'contestWins', threshold: 1 },
] as const satisfies readonly BadgeRule[];

export type BadgeId = (typeof BADGE_RULES)[number]['id'];

/** The longest run of consecutive days among `days` (local day numbers, any order, duplicates allowed). */
export function longestStreak(days: readonly number[]): number {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  let best = 0;
  let run = 0;
  for (let i = 0; i < sorted.length; i++) {
    run = i > 0 && sorted[i]! === sorted[i - 1]! + 1 ? run + 1 : 1;
    best = Math.max(best, run);
  }
  return best;
}

/** The badges whose thresholds the metrics reach, among those not held yet. */
export function newlyEarned(rules: readonly BadgeRule[], held: ReadonlySet<string>, metric: (m: BadgeMetric) => number): BadgeRule[] {
  return rules.filter((rule) => !held.has(rule.id) && metric(rule.metric) >= rule.threshold);
}

/** The guild-local days (day numbers) a member posted on, from their posts' times: a streak follows the guild's clock. */
export function postingDays(postTimes: readonly number[], timeZone: string): number[] {
  return [...new Set(postTimes.map((at) => localDayNumber(at, timeZone)))];
}

export class BadgeEvaluator {
  private readonly queries: EconomyQueries;

  constructor(private readonly sqlite: Database.Database) {
    this.queries = economyQueries(sqlite);
  }

  /** Awards the badges the member has newly reached; returns their ids (empty when none is new). */
  evaluate(guildId: string, memberId: string, at: number): string[] {
    const held = new Set(this.queries.heldBadges(guildId, memberId));
    const metric = (m: BadgeMetric): number =>
      m === 'longestPostingStreak'
        ? longestStreak(postingDays(this.queries.postTimes(guildId, memberId), settingsQueries(this.sqlite).timeZone(guildId)))
        : this.queries.badgeCount(m, guildId, memberId);
    return newlyEarned(BADGE_RULES, held, metric)
      .filter((rule) => this.queries.awardBadge(guildId, memberId, rule.id, at))
      .map((rule) => rule.id);
  }

  held(guildId: string, memberId: string): string[] {
    return this.queries.heldBadges(guildId, memberId);
  }
}

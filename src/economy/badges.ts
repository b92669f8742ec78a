/**
 * Badges as data: each names a metric and a threshold. Metrics are read from the ledger (so the anti-farming rules
 * apply to badges too) and from the recorded activity. Evaluation is incremental (only members whose activity just
 * changed, only badges they do not hold yet) and awarding is an INSERT keyed by (guild, member, badge), so a badge is
 * awarded once, also across restarts. Badges are kept once earned.
 */
import type Database from 'better-sqlite3';
import { DAY_MS } from './rules.js';

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

/** The longest run of consecutive UTC days among `days` (day numbers, any order, duplicates allowed). */
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

export class BadgeEvaluator {
  private readonly s: Record<BadgeMetric | 'held' | 'award', Database.Statement>;

  constructor(sqlite: Database.Database) {
    const p = (sql: string) => sqlite.prepare(sql);
    this.s = {
      held: p(`SELECT badge FROM badge_awards WHERE guild_id = ? AND member_id = ?`),
      award: p(`INSERT INTO badge_awards (guild_id, member_id, badge, awarded_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`),
      paidPosts: p(`SELECT COUNT(*) AS n FROM points_ledger WHERE guild_id = ? AND member_id = ? AND reason = 'post' AND kind = 'award' AND delta > 0`),
      reactionsReceived: p(`SELECT COUNT(*) AS n FROM points_ledger l WHERE l.guild_id = ? AND l.member_id = ?
        AND l.reason = 'reaction_received' AND l.kind = 'award' AND l.delta > 0
        AND NOT EXISTS (SELECT 1 FROM points_ledger r WHERE r.source_key = 'reverse:' || l.source_key)`),
      longestPostingStreak: p(`SELECT DISTINCT created_at / ${DAY_MS} AS n FROM posts WHERE guild_id = ? AND author_id = ? AND deleted_at IS NULL`),
      // Reactions that paid (so a self-reaction or a fresh alt's reaction earns no badge either).
      repliesWithReactions: p(`SELECT COUNT(*) AS n FROM posts p WHERE p.guild_id = ? AND p.author_id = ? AND p.reply_to_id IS NOT NULL
        AND p.deleted_at IS NULL AND EXISTS (SELECT 1 FROM points_ledger l WHERE l.post_id = p.id AND l.reason = 'reaction_received'
          AND l.kind = 'award' AND l.delta > 0 AND NOT EXISTS (SELECT 1 FROM points_ledger r WHERE r.source_key = 'reverse:' || l.source_key))`),
      contestWins: p(`SELECT COUNT(*) AS n FROM contest_results r JOIN contest_entries e ON e.id = r.entry_id
        JOIN contests c ON c.id = r.contest_id WHERE c.guild_id = ? AND e.member_id = ? AND r.place = 1`),
    };
  }

  /** Awards the badges the member has newly reached; returns their ids (empty when none is new). */
  evaluate(guildId: string, memberId: string, at: number): string[] {
    const held = new Set((this.s.held.all(guildId, memberId) as { badge: string }[]).map((r) => r.badge));
    const metric = (m: BadgeMetric): number => {
      if (m === 'longestPostingStreak') {
        return longestStreak((this.s.longestPostingStreak.all(guildId, memberId) as { n: number }[]).map((r) => r.n));
      }
      return (this.s[m].get(guildId, memberId) as { n: number }).n;
    };
    const awarded: string[] = [];
    for (const rule of newlyEarned(BADGE_RULES, held, metric)) {
      if (this.s.award.run(guildId, memberId, rule.id, at).changes > 0) awarded.push(rule.id);
    }
    return awarded;
  }

  held(guildId: string, memberId: string): string[] {
    return (this.s.held.all(guildId, memberId) as { badge: string }[]).map((r) => r.badge);
  }
}

/**
 * The earning rules as pure functions: given an event and the facts about it (gathered from the database by the
 * sync), how many points it pays and, when it pays less than the rule's points, why. Keeping them pure makes every
 * anti-farming rule testable on its own and keeps `/economy rules` honest: it describes exactly these.
 */
import type { Denial, LedgerReason } from '../db/schema.js';
import type { EconomyConfig } from './config.js';

export const DAY_MS = 86_400_000;

/** The events the sync derives from recorded activity. */
export type ActivityReason = Extract<LedgerReason, 'post' | 'reaction_received' | 'reply_received'>;

export interface AwardFacts {
  /** The member who would earn (post author, reacted-to author, replied-to author). */
  receiverId: string;
  /** Whose action it is: the reacting or replying member; for a post, its author. */
  actorId: string;
  /** When the activity happened. */
  at: number;
  /** The actor's join time in this guild (null when unknown: imports without it). */
  actorJoinedAt: number | null;
  /** Points the receiver already earned from this rule on the event's day (the guild's time zone). */
  earnedToday: number;
  /** Rewarded reactions and replies between receiver and actor on the event's day, either direction. */
  pairRewardsToday: number;
  /** Whether the receiver already has a paid post within the cooldown of this one (posts only). */
  paidPostWithinCooldown: boolean;
  /** The post was confirmed low quality by moderators. */
  postHeld: boolean;
}

export interface AwardDecision {
  delta: number;
  denial: Denial | null;
}

export function ruleOf(config: EconomyConfig, reason: ActivityReason): { points: number; dailyCap: number } {
  switch (reason) {
    case 'post':
      return config.post;
    case 'reaction_received':
      return config.reactionReceived;
    case 'reply_received':
      return config.replyReceived;
  }
}

/** How much an activity event pays. Rules are checked cheapest and most specific first; the first that applies wins. */
export function decideAward(reason: ActivityReason, facts: AwardFacts, config: EconomyConfig): AwardDecision {
  const rule = ruleOf(config, reason);
  if (facts.postHeld) return { delta: 0, denial: 'low_quality' };
  if (reason !== 'post') {
    if (facts.actorId === facts.receiverId) return { delta: 0, denial: 'self' };
    if (isNewMember(facts.actorJoinedAt, facts.at, config.newMemberDays)) return { delta: 0, denial: 'new_member' };
    if (facts.pairRewardsToday >= config.pairDailyCap) return { delta: 0, denial: 'pair_cap' };
  } else if (facts.paidPostWithinCooldown) {
    return { delta: 0, denial: 'cooldown' };
  }
  return capped(rule.points, facts.earnedToday, rule.dailyCap);
}

/** A contest entry's points, under the entry rule's daily cap. */
export function decideCapped(points: number, earnedToday: number, dailyCap: number): AwardDecision {
  return capped(points, earnedToday, dailyCap);
}

function capped(points: number, earnedToday: number, dailyCap: number): AwardDecision {
  const room = Math.max(0, dailyCap - earnedToday);
  if (points <= room) return { delta: points, denial: null };
  return { delta: room, denial: 'daily_cap' };
}

/** Joined less than `days` before `at`. Members whose join time is unknown are not treated as new. */
export function isNewMember(joinedAt: number | null, at: number, days: number): boolean {
  if (joinedAt === null || days === 0) return false;
  return at - joinedAt < days * DAY_MS;
}

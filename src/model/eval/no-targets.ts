/**
 * Why a cut has nothing to evaluate, in one line a maintainer can act on (`no targets because …`): the candidate
 * window was empty, nobody engaged with anything in the horizon (often: the data ends before it), the horizon's
 * engagement went to other posts, or every member's engagement was excluded (posts they had already engaged with,
 * members the snapshot does not know). Engaging with one's own post is no engagement at all (engagement.ts).
 */
import type Database from 'better-sqlite3';
import { lastActivity } from './cuts.js';

/** How a cut's engagement narrowed down to its targets. */
export interface TargetFunnel {
  /** Posts in the window. */
  candidates: number;
  /** Engagements in the horizon with any post. */
  engagements: number;
  /** (member, candidate) pairs engaged with in the horizon. */
  withCandidates: number;
  /** …of them by a member unknown at the cut (joined and first acted after it) or opted out. */
  unknownMember: number;
  /** …with a post the member had engaged with (or written) before the cut. */
  engagedBefore: number;
}

export interface CutSpan {
  at: number;
  windowStart: number;
  horizonEnd: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function explainNoTargets(sqlite: Database.Database, guildId: string, span: CutSpan, funnel: TargetFunnel): string {
  const last = lastActivity(sqlite, guildId);
  const ends = (before: number) => (last !== null && last < before ? ` (the guild's last recorded activity is ${iso(last)})` : '');
  if (funnel.candidates === 0) {
    return `no targets because no posts were made in the window ${iso(span.windowStart)} – ${iso(span.at)}${ends(span.windowStart)}`;
  }
  if (funnel.engagements === 0) {
    return `no targets because nobody engaged with anything in the horizon ${iso(span.at)} – ${iso(span.horizonEnd)}${ends(span.horizonEnd)}`;
  }
  if (funnel.withCandidates === 0) {
    return `no targets because none of the ${funnel.engagements} engagements in the horizon was with one of the window's ${funnel.candidates} posts`;
  }
  const parts = [
    funnel.engagedBefore > 0 ? `${funnel.engagedBefore} with posts they had engaged with before the cut` : '',
    funnel.unknownMember > 0 ? `${funnel.unknownMember} by members unknown at the cut or opted out` : '',
  ].filter((part) => part !== '');
  return `no targets because every member's engagement with the window's posts was excluded: ${parts.join(', ')}`;
}

/**
 * Contest ranking, pure. Tie rule (shown in `/contest status` and the results): more votes first; equal votes go to
 * the entry submitted first; entries submitted at the same millisecond by entry number. Every ranked entry gets its
 * own place, so placing points are never split. Excluded entries (deleted, confirmed low quality) are not ranked.
 */
export type Exclusion = 'deleted' | 'low_quality';

export interface EntryTally {
  entryId: number;
  memberId: string;
  postId: string;
  submittedAt: number;
  votes: number;
  excluded: Exclusion | null;
}

export interface Placing {
  entryId: number;
  memberId: string;
  postId: string;
  votes: number;
  /** 1-based; 0 for excluded entries. */
  place: number;
  excluded: Exclusion | null;
}

export function rankEntries(tallies: readonly EntryTally[]): Placing[] {
  const ranked = tallies
    .filter((t) => t.excluded === null)
    .sort((a, b) => b.votes - a.votes || a.submittedAt - b.submittedAt || a.entryId - b.entryId)
    .map((t, i) => ({ entryId: t.entryId, memberId: t.memberId, postId: t.postId, votes: t.votes, place: i + 1, excluded: null }));
  const excluded = tallies
    .filter((t) => t.excluded !== null)
    .map((t) => ({ entryId: t.entryId, memberId: t.memberId, postId: t.postId, votes: t.votes, place: 0, excluded: t.excluded }));
  return [...ranked, ...excluded];
}

/** Placing points: the configured points by place, only for entries that received at least one vote. */
export function placingPoints(placing: Placing, pointsByPlace: readonly number[]): number {
  if (placing.excluded !== null || placing.votes === 0 || placing.place < 1) return 0;
  return pointsByPlace[placing.place - 1] ?? 0;
}

export interface ReactionVote {
  entryId: number;
  voterId: string;
  at: number;
}

/**
 * Reaction-mode votes that count: each member's earliest `votesPerMember` valid reactions (one per entry). Reactions
 * are filtered for eligibility before they get here.
 */
export function limitVotesPerMember(votes: readonly ReactionVote[], votesPerMember: number): ReactionVote[] {
  const used = new Map<string, number>();
  const seen = new Set<string>();
  const kept: ReactionVote[] = [];
  for (const vote of [...votes].sort((a, b) => a.at - b.at || a.entryId - b.entryId)) {
    const key = `${vote.entryId}:${vote.voterId}`;
    if (seen.has(key)) continue;
    const n = used.get(vote.voterId) ?? 0;
    if (n >= votesPerMember) continue;
    seen.add(key);
    used.set(vote.voterId, n + 1);
    kept.push(vote);
  }
  return kept;
}

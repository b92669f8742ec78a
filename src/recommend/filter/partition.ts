import type { Candidate, FilterResult } from '../pipeline/types.js';

export function partition(candidates: Candidate[], keep: (candidate: Candidate) => boolean): FilterResult {
  const kept: Candidate[] = [];
  const removed: Candidate[] = [];
  for (const candidate of candidates) (keep(candidate) ? kept : removed).push(candidate);
  return { kept, removed };
}

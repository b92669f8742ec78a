/**
 * The recommendation pipeline, read top to bottom in stage order: candidate sources (each fails open) → filters,
 * cheapest first (kept and removed, removals counted per filter) → scorers → live filters on a shortlist in score
 * order (deletions, moderation) → diversity selection → one reason per item. Synchronous and allocation-light: it
 * runs on the main thread for /recommend and for every member of a digest batch.
 */
import type { Logger } from '../../ops/log.js';
import { explainerFor } from '../explanation/explainer.js';
import { selectDiverse, type DiversityOptions } from '../selector/diversity-selector.js';
import type { Candidate, CandidateSource, Filter, PipelineResult, Scorer, StageContext } from './types.js';

export interface PipelineParts {
  sources: readonly CandidateSource[];
  filters: readonly Filter[];
  scorers: readonly Scorer[];
  /** Filters that read live state, run only on as many top-scored candidates as the selection needs. */
  shortlistFilters: readonly Filter[];
  diversity: DiversityOptions;
  log: Logger;
}

/** How many candidates per wanted item go through the shortlist filters (diversity needs some to choose from). */
const SHORTLIST_FACTOR = 3;

export class RecommendationPipeline {
  constructor(private readonly parts: PipelineParts) {}

  run(ctx: StageContext): PipelineResult {
    const removed = new Map<string, number>();
    const seen = new Set<string>();
    let candidates: Candidate[] = [];
    for (const source of this.parts.sources) {
      try {
        source.fetch(ctx, (candidate) => {
          if (seen.has(candidate.postId)) return;
          seen.add(candidate.postId);
          candidates.push(candidate);
        });
      } catch (error) {
        this.parts.log.warn({ err: error, source: source.name, guildId: ctx.state.guildId }, 'candidate source failed; continuing without it');
      }
    }
    let candidateCount = candidates.length;

    for (const filter of this.parts.filters) {
      const result = filter.apply(candidates, ctx);
      if (filter.hides) candidateCount -= result.removed.length;
      else if (result.removed.length > 0) removed.set(filter.name, (removed.get(filter.name) ?? 0) + result.removed.length);
      candidates = result.kept;
      if (candidates.length === 0) break;
    }

    for (const scorer of this.parts.scorers) if (candidates.length > 0) scorer.score(candidates, ctx);
    candidates.sort((a, b) => b.score - a.score);

    const wanted = ctx.query.count * SHORTLIST_FACTOR;
    const pool: Candidate[] = [];
    for (let offset = 0; offset < candidates.length && pool.length < wanted; ) {
      let chunk = candidates.slice(offset, offset + wanted - pool.length);
      offset += chunk.length;
      for (const filter of this.parts.shortlistFilters) {
        const result = filter.apply(chunk, ctx);
        if (result.removed.length > 0) removed.set(filter.name, (removed.get(filter.name) ?? 0) + result.removed.length);
        chunk = result.kept;
      }
      pool.push(...chunk);
    }
    pool.sort((a, b) => b.score - a.score);

    const explainer = explainerFor(ctx.state, ctx.member, ctx.query.now);
    const items = selectDiverse(pool, ctx.query.count, this.parts.diversity).map((candidate) => ({
      candidate,
      reason: explainer.explain(candidate),
    }));
    return { items, removed, candidateCount, method: ctx.member.member >= 0 ? ctx.state.method : 'cold-start' };
  }
}

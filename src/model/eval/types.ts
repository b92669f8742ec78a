/** The evaluation protocol's inputs and report (used by `attune eval`, training runs and benchmarks). */
import type { SnapshotOptions } from '../../graph/snapshot-options.js';

export interface EvalProtocol {
  /** Cut times T (epoch ms). */
  cuts: number[];
  /** Candidates at T are posts created in [T − windowMs, T). */
  windowMs: number;
  /** The target at T is engagement in [T, T + horizonMs). */
  horizonMs: number;
  /** K of recall@K, NDCG@K and coverage@K. */
  k: number;
}

/** One member's ranking of one cut's candidates (what `attune eval --out` writes per line). */
export interface RankingLine {
  at: number;
  member: string;
  /** Post ids, best first: the cut's candidates minus the member's own posts and ones they engaged with before T. */
  items: string[];
}

export interface EvalOptions {
  /** Seed passed to every method's train (default 1). */
  seed?: number;
  snapshotOptions?: Partial<SnapshotOptions>;
  signal?: AbortSignal;
  /** One line per step (cut built, method trained …), for logs and the CLI. */
  log?: (message: string) => void;
  /** Receive every member's full ranking by the method named `method` (every snapshot member, not only those with a target). */
  rankings?: { method: string; onRanking: (line: RankingLine) => void };
}

/** What one cut looked like, the same for every method. */
export interface CutSummary {
  at: number;
  candidates: number;
  /** Snapshot members. */
  members: number;
  /** Members with a non-empty target (the ones recall and NDCG average over). */
  membersWithTarget: number;
  /** (member, post) target pairs. */
  targetPairs: number;
  snapshotMs: number;
  /** Only when no member has a target: one line, `no targets because …`. */
  noTargets?: string;
}

export interface MethodCutResult {
  at: number;
  recall: number;
  ndcg: number;
  coverage: number;
  membersEvaluated: number;
  trainMs: number;
}

export interface MethodResult {
  name: string;
  /** Mean over every (member, cut) with a target. */
  recall: number;
  ndcg: number;
  /** Mean over cuts of the fraction of candidates in at least one evaluated member's top K. */
  coverage: number;
  /** (member, cut) pairs evaluated, summed over cuts. */
  membersEvaluated: number;
  /** Total training time over the cuts. */
  trainMs: number;
  cuts: MethodCutResult[];
}

export interface EvalReport {
  guildId: string;
  protocol: EvalProtocol;
  cuts: CutSummary[];
  methods: MethodResult[];
}

/**
 * The promotion rule: which method serves a guild after a training run. Pure, so it is tested table by table and
 * the registry only records its verdict.
 *
 * A learned model serves only when it *beats* the best baseline on that run's holdout:
 *   - the holdout evaluated at least `minMembersEvaluated` (member, cut) pairs for the candidate — below that a
 *     difference in NDCG is noise, and a small guild is better served by a baseline it can reason about;
 *   - the candidate's NDCG@K is strictly higher than the best baseline's by more than `minNdcgGain`.
 * The best baseline is the one with the highest NDCG@K; ties go to the higher recall@K, then to the baseline listed
 * first (popularity before the rest: the simplest explanation wins). With no usable metrics at all (no cut had any
 * engagement to predict), popularity serves.
 */

/** One method's figures on a run's holdout, averaged over its cuts. */
export interface MethodHoldoutMetrics {
  recall: number;
  ndcg: number;
  coverage: number;
  /** (member, cut) pairs that had at least one target engagement and so were scored. */
  membersEvaluated: number;
  /** Training time summed over the cuts. */
  trainMs?: number;
}

export interface HoldoutMetrics {
  k: number;
  /** Cut times (epoch ms) the figures average over. */
  cuts: number[];
  methods: Record<string, MethodHoldoutMetrics>;
}

export interface PromotionPolicy {
  minMembersEvaluated: number;
  /** Absolute NDCG@K margin the candidate must exceed (0: any strictly higher value). */
  minNdcgGain: number;
}

export const DEFAULT_PROMOTION_POLICY: PromotionPolicy = { minMembersEvaluated: 20, minNdcgGain: 0 };

/** What serves when nothing else can be judged: a starboard is sensible for any guild. */
export const FALLBACK_METHOD = 'popularity';

export interface PromotionDecision {
  /** The method that serves after this run. */
  serving: string;
  promoted: boolean;
  bestBaseline: string | null;
  /** One line for logs and `attune train`. */
  reason: string;
}

const usable = (m: MethodHoldoutMetrics | undefined): m is MethodHoldoutMetrics =>
  m !== undefined && Number.isFinite(m.ndcg) && Number.isFinite(m.recall);

/** The best baseline by NDCG@K, then recall@K, then listing order; null when no baseline has figures. */
export function bestBaseline(metrics: HoldoutMetrics, baselines: readonly string[]): string | null {
  let best: { name: string; m: MethodHoldoutMetrics } | null = null;
  for (const name of baselines) {
    const m = metrics.methods[name];
    if (!usable(m) || m.membersEvaluated === 0) continue;
    if (!best || m.ndcg > best.m.ndcg || (m.ndcg === best.m.ndcg && m.recall > best.m.recall)) best = { name, m };
  }
  return best?.name ?? null;
}

export function decidePromotion(
  candidate: string | null,
  metrics: HoldoutMetrics,
  baselines: readonly string[],
  policy: PromotionPolicy = DEFAULT_PROMOTION_POLICY,
): PromotionDecision {
  const baseline = bestBaseline(metrics, baselines);
  const fallback = baseline ?? (baselines.includes(FALLBACK_METHOD) || baselines.length === 0 ? FALLBACK_METHOD : (baselines[0] as string));
  const keep = (reason: string): PromotionDecision => ({ serving: fallback, promoted: false, bestBaseline: baseline, reason });
  if (candidate === null) return keep('no learned method to judge; the best baseline serves');
  const c = metrics.methods[candidate];
  if (!usable(c)) return keep(`${candidate} has no holdout figures; ${fallback} serves`);
  if (c.membersEvaluated < policy.minMembersEvaluated) {
    return keep(
      `${candidate} was evaluated on ${c.membersEvaluated} member-cuts (< ${policy.minMembersEvaluated}): too few to judge; ${fallback} serves`,
    );
  }
  if (baseline === null) return keep(`no baseline has holdout figures to beat; ${fallback} serves`);
  const b = metrics.methods[baseline] as MethodHoldoutMetrics;
  const gain = c.ndcg - b.ndcg;
  const figures = `NDCG@${metrics.k} ${c.ndcg.toFixed(4)} vs ${baseline} ${b.ndcg.toFixed(4)}`;
  if (gain > policy.minNdcgGain) {
    return { serving: candidate, promoted: true, bestBaseline: baseline, reason: `${candidate} beats ${baseline}: ${figures}` };
  }
  return keep(`${candidate} does not beat ${baseline}: ${figures}; ${baseline} serves`);
}

/**
 * Time decay and relation strength: pure functions shared by the snapshot builder and anything that re-weights
 * edges (tests pin their values).
 */

/**
 * 2^(−age / halfLife) for an event at `eventAt` seen from `at`; 1 for an event at `at` (or a clock skew that puts
 * it later), 0.5 one half-life earlier.
 */
export function timeDecay(at: number, eventAt: number, halfLifeMs: number): number {
  const age = at - eventAt;
  if (age <= 0) return 1;
  return Math.pow(2, -age / halfLifeMs);
}

/**
 * Relation strength of a member pair from its events: frequency × recency, as one sum in which every event counts
 * its kind's weight discounted by its age,
 *
 *   strength = log(1 + Σ_events w_kind · 2^(−(at − t_event) / halfLife))
 *
 * so many events make a strong relation (frequency) and old ones fade (recency); the log keeps a pair that talks
 * all day from drowning every other relation of the member (attention over relations compares them).
 * `decayedSum` is the Σ above.
 */
export function relationStrength(decayedSum: number): number {
  return Math.log1p(decayedSum);
}

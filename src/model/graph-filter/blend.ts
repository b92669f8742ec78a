/**
 * The final score: s = λ · z(filter) + (1 − λ) · z(learned), each part standardised over the member's candidates
 * (the two parts live on unrelated scales; standardising per member keeps λ meaningful across members and
 * guilds). A freshness prior may be added on top (withFreshness). A part that is constant for a member (no interactions → filter all zero) contributes nothing, so a
 * member or post the filter knows nothing about is ranked by the learned part alone.
 */
import { tf } from '../backend.js';

function standardiseRows(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, 1, true);
    return tf.div(tf.sub(x, mean), tf.add(tf.sqrt(variance), 1e-8)) as tf.Tensor2D;
  });
}

/** [B, n] filter and learned scores → [B, n] blended scores. */
export function blendScores(filter: tf.Tensor2D | null, learned: tf.Tensor2D, filterWeight: number): tf.Tensor2D {
  return tf.tidy(() => {
    const l = standardiseRows(learned);
    if (!filter || filterWeight === 0) return l;
    const f = standardiseRows(filter);
    if (filterWeight === 1) return f;
    return tf.add(tf.mul(f, filterWeight), tf.mul(l, 1 - filterWeight)) as tf.Tensor2D;
  });
}

/**
 * The blend plus ρ · z(freshness), the freshness prior [1, n] (the same for every member) standardised over the
 * candidates; a constant prior (posts without times, or all equally old) adds nothing.
 */
export function withFreshness(blended: tf.Tensor2D, freshness: tf.Tensor2D | null, weight: number): tf.Tensor2D {
  if (!freshness || weight === 0) return blended;
  return tf.tidy(() => tf.add(blended, tf.mul(standardiseRows(freshness), weight)) as tf.Tensor2D);
}

/**
 * Per post, −log(1 + age in hours) at the snapshot time: newer is higher, and the difference between 1 and 3
 * hours counts more than between 5 and 7 days. Posts without a creation time (benchmark data) get 0.
 */
export function freshnessPrior(createdAt: Float64Array, at: number): Float32Array {
  const out = new Float32Array(createdAt.length);
  for (let p = 0; p < createdAt.length; p++) {
    const created = createdAt[p]!;
    out[p] = Number.isFinite(created) && Number.isFinite(at) ? -Math.log1p(Math.max(0, at - created) / 3_600_000) : 0;
  }
  return out;
}

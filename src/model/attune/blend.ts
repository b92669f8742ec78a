/**
 * The final score: s = λ · z(filter) + (1 − λ) · z(learned), each part standardised over the member's candidates
 * (the two parts live on unrelated scales; standardising per member keeps λ meaningful across members and
 * guilds). A part that is constant for a member (no interactions → filter all zero) contributes nothing, so a
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

/**
 * Relation attention (GraphRec-style social aggregation): member i attends over its strongest K relations k with
 * b_ik = softmax_k(w_i · h_k + log s_ik), where h_k is the related member's propagated vector, w_i = h_i W_r the
 * member's relation query and s_ik the relation strength (frequency × recency from the snapshot). The log-strength
 * prior makes b_ik ∝ s_ik when W_r is zero (its initial value), and lets learning move away from strength only as
 * far as the data supports. The social vector is Σ_k b_ik h_k; a member with no relations gets zero.
 */
import { tf } from '../backend.js';
import { gatherRows } from './propagation.js';

const MASKED = -1e9;

export interface RelationBatch {
  /** [B × K] related member index into the padded member table (padding → the zero row). */
  to: tf.Tensor1D;
  /** [B, K] log strength, MASKED where there is no relation. */
  logStrength: tf.Tensor2D;
  /** [B, K] 1 for a real relation, 0 for padding. */
  present: tf.Tensor2D;
}

/** Builds the batch tensors from relation lists ([member × K], -1 padded) for the given members. */
export function relationBatch(
  members: Int32Array,
  lists: { k: number; to: Int32Array; strength: Float32Array },
  paddingRow: number,
): RelationBatch {
  const { k } = lists;
  const to = new Int32Array(members.length * k);
  const logStrength = new Float32Array(members.length * k);
  const present = new Float32Array(members.length * k);
  members.forEach((m, b) => {
    for (let s = 0; s < k; s++) {
      const other = lists.to[m * k + s]!;
      const at = b * k + s;
      if (other >= 0) {
        to[at] = other;
        logStrength[at] = Math.log(Math.max(lists.strength[m * k + s]!, 1e-6));
        present[at] = 1;
      } else {
        to[at] = paddingRow;
        logStrength[at] = MASKED;
      }
    }
  });
  return {
    to: tf.tensor1d(to, 'int32'),
    logStrength: tf.tensor2d(logStrength, [members.length, k]),
    present: tf.tensor2d(present, [members.length, k]),
  };
}

export function disposeRelationBatch(batch: RelationBatch): void {
  batch.to.dispose();
  batch.logStrength.dispose();
  batch.present.dispose();
}

/**
 * Attention weights [B, K] (rows sum to 1 over present relations, all 0 for a member without relations) and the
 * social vectors [B, d].
 */
export function relationAttention(
  memberVectors: tf.Tensor2D,
  paddedMemberTable: tf.Tensor2D,
  relationQuery: tf.Tensor2D,
  batch: RelationBatch,
): { weights: tf.Tensor2D; social: tf.Tensor2D } {
  return tf.tidy(() => {
    const [b, k] = batch.logStrength.shape;
    const d = memberVectors.shape[1];
    const neighbours = tf.reshape(gatherRows(paddedMemberTable, batch.to), [b, k, d]);
    const queries = tf.reshape(tf.matMul(memberVectors, relationQuery), [b, 1, d]);
    const logits = tf.add(tf.sum(tf.mul(queries, neighbours), 2), batch.logStrength);
    // A member with no relations has all logits masked: softmax would spread 1/K over padding, so zero it out.
    const weights = tf.mul(tf.softmax(logits), batch.present) as tf.Tensor2D;
    const social = tf.sum(tf.mul(tf.reshape(weights, [b, k, 1]), neighbours), 1) as tf.Tensor2D;
    return { weights, social };
  });
}

/**
 * Pairwise ranking loss and its sampling. BPR: −log σ(s_pos − s_neg) = softplus(s_neg − s_pos) (tfjs's logSigmoid
 * breaks backprop on intermediate tensors; softplus does not). Positives are drawn in proportion to their
 * interaction weight, so a reply counts for more than a passing reaction; negatives are uniform over the posts the
 * member has not interacted with (large batches of them stand in for harder negative mining, which would need a
 * scoring pass per step).
 */
import { tf } from '../backend.js';
import type { WeightedCsr } from './interaction-matrix.js';

export function bprLoss(positive: tf.Tensor1D, negative: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.softplus(tf.sub(negative, positive))));
}

export interface TripletBatch {
  members: Int32Array;
  positives: Int32Array;
  negatives: Int32Array;
}

export interface TripletSampler {
  /** Whether there is anything to learn from (at least one interaction). */
  readonly empty: boolean;
  sample(size: number): TripletBatch;
}

function interacted(matrix: WeightedCsr, member: number, post: number): boolean {
  let lo = matrix.ptr[member]!;
  let hi = matrix.ptr[member + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = matrix.idx[mid]!;
    if (v === post) return true;
    if (v < post) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

export function tripletSampler(matrix: WeightedCsr, random: () => number): TripletSampler {
  const nnz = matrix.idx.length;
  const cumulative = new Float64Array(nnz);
  const rowOf = new Int32Array(nnz);
  let total = 0;
  for (let r = 0; r < matrix.nRows; r++) {
    for (let q = matrix.ptr[r]!; q < matrix.ptr[r + 1]!; q++) {
      total += matrix.val[q]!;
      cumulative[q] = total;
      rowOf[q] = r;
    }
  }
  const nPosts = matrix.nCols;
  return {
    empty: nnz === 0 || nPosts < 2,
    sample(size) {
      const members = new Int32Array(size);
      const positives = new Int32Array(size);
      const negatives = new Int32Array(size);
      for (let s = 0; s < size; s++) {
        const target = random() * total;
        let lo = 0;
        let hi = nnz - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cumulative[mid]! <= target) lo = mid + 1;
          else hi = mid;
        }
        const member = rowOf[lo]!;
        members[s] = member;
        positives[s] = matrix.idx[lo]!;
        // A few rejections make a false negative rare; a member who touched nearly everything keeps the last draw.
        let negative = Math.floor(random() * nPosts);
        for (let tries = 0; tries < 8 && interacted(matrix, member, negative); tries++) negative = Math.floor(random() * nPosts);
        negatives[s] = negative;
      }
      return { members, positives, negatives };
    },
  };
}

/**
 * LightGCN-style propagation over one joint graph whose nodes are [members; posts]: member–post interaction
 * edges (summed event weights) and member–member relation edges (strength × relationWeight), symmetrically
 * normalised Â = D^{-1/2} A D^{-1/2}. Output = mean of E, ÂE, …, Â^L E (LightGCN's layer combination, no
 * transforms or nonlinearities).
 *
 * Gradients: tfjs has no gradient for SparseSegmentSum and, on wasm, none for gather; Â is symmetric, so the
 * gradient of X ↦ ÂX is dY ↦ ÂdY (a customGrad around the same sparse product), and row gathers get a customGrad
 * whose gradient is scatterND (which sums duplicate rows, exactly gather's gradient).
 */
import { tf } from '../backend.js';
import { csrFromTriplets, type WeightedCsr } from './interaction-matrix.js';
import { inverseSqrt, rowSums, sparseOperator, takeRows, type SparseOperator } from './sparse-product.js';

/** The joint adjacency, with members at rows [0, nMembers) and posts at [nMembers, nMembers + nPosts). */
export function jointAdjacency(interactions: WeightedCsr, relations: WeightedCsr | null, relationWeight: number): WeightedCsr {
  const nMembers = interactions.nRows;
  const nPosts = interactions.nCols;
  const nInteractions = interactions.idx.length;
  const nRelations = relations && relationWeight > 0 ? relations.idx.length : 0;
  const size = 2 * nInteractions + nRelations;
  const rows = new Int32Array(size);
  const cols = new Int32Array(size);
  const vals = new Float32Array(size);
  let e = 0;
  for (let m = 0; m < nMembers; m++) {
    for (let q = interactions.ptr[m]!; q < interactions.ptr[m + 1]!; q++) {
      const p = nMembers + interactions.idx[q]!;
      rows[e] = m; cols[e] = p; vals[e] = interactions.val[q]!; e++;
      rows[e] = p; cols[e] = m; vals[e] = interactions.val[q]!; e++;
    }
    if (nRelations > 0) {
      for (let q = relations!.ptr[m]!; q < relations!.ptr[m + 1]!; q++) {
        rows[e] = m; cols[e] = relations!.idx[q]!; vals[e] = relations!.val[q]! * relationWeight; e++;
      }
    }
  }
  const n = nMembers + nPosts;
  return csrFromTriplets(n, n, rows.subarray(0, e), cols.subarray(0, e), vals.subarray(0, e));
}

export interface Propagator {
  /** Mean of the first `layers` + 1 powers of Â applied to E [nodes, d]; differentiable. */
  propagate(embeddings: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

export function propagator(adjacency: WeightedCsr, layers: number): Propagator {
  const inv = inverseSqrt(rowSums(adjacency));
  const op: SparseOperator = sparseOperator(adjacency, inv, inv);
  const step = tf.customGrad((...args) => {
    const x = args[0] as tf.Tensor2D;
    return { value: op.apply(x), gradFunc: (dy) => [op.apply(dy as tf.Tensor2D)] };
  }) as (x: tf.Tensor2D) => tf.Tensor2D;
  return {
    propagate(embeddings) {
      return tf.tidy(() => {
        let layer = embeddings;
        let sum = embeddings;
        for (let l = 0; l < layers; l++) {
          layer = step(layer);
          sum = tf.add(sum, layer);
        }
        return tf.div(sum, layers + 1);
      });
    },
    dispose() {
      op.dispose();
    },
  };
}

/** Rows of `table` at `indices`, with a gradient that works on every backend (scatterND sums duplicates). */
export function gatherRows(table: tf.Tensor2D, indices: tf.Tensor1D): tf.Tensor2D {
  const rows = table.shape[0];
  const width = table.shape[1];
  const gather = tf.customGrad((...args) => {
    const t = args[0] as tf.Tensor2D;
    const i = args[1] as tf.Tensor1D;
    const save = args[2] as tf.GradSaveFunc;
    // The index tensor must survive until the backward pass: tfjs frees unsaved intermediates after forward.
    save([i]);
    return {
      value: takeRows(t, i),
      gradFunc: (dy, saved) => {
        const kept = saved[0] as tf.Tensor1D;
        return [tf.scatterND(tf.expandDims(kept, 1), dy as tf.Tensor2D, [rows, width]), tf.zerosLike(kept)];
      },
    };
  }) as (t: tf.Tensor2D, i: tf.Tensor1D) => tf.Tensor2D;
  return gather(table, indices);
}

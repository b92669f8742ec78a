/**
 * Sparse × dense products on TensorFlow.js: out = S · X for a CSR matrix S and a dense X [nCols, B].
 * tfjs has no sparse matmul, and on wasm no UnsortedSegmentSum; SparseSegmentSum (rows of X summed into output
 * rows) is fast on every backend, so an unweighted pattern with diagonal scalings runs as
 * rowScale ⊙ SSS(colScale ⊙ X, columns, rows) with no per-entry intermediate. A weighted pattern needs the
 * gathered [nnz, B] block scaled per entry, so it runs in column chunks to bound memory.
 */
import { tf } from '../backend.js';
import type { WeightedCsr } from './interaction-matrix.js';

/** Per-entry intermediate budget of the weighted path, in floats (~64 MiB). */
const WEIGHTED_CHUNK_FLOATS = 16 * 1024 * 1024;

/**
 * Rows of x at `indices`. On wasm, GatherV2 costs ~7 µs per row while SparseSegmentSum with one segment per index
 * (the same result) is ~10× faster, so every row gather in the graph filter model goes through here. Not differentiable by itself
 * (see gatherRows in propagation.ts).
 */
export function takeRows(x: tf.Tensor2D, indices: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => {
    const n = indices.shape[0];
    if (n === 0) return tf.zeros([0, x.shape[1]]);
    return tf.sparse.sparseSegmentSum(x, indices, tf.range(0, n, 1, 'int32')) as tf.Tensor2D;
  });
}

export interface SparseOperator {
  readonly nRows: number;
  readonly nCols: number;
  /** S · X for X [nCols, B] → [nRows, B]; the caller owns the result. */
  apply(x: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

/**
 * S = diag(rowScale) · A · diag(colScale) for the pattern and weights of `a`. The unweighted path is taken when
 * every stored weight is 1, which is the case for binary implicit-feedback data.
 */
export function sparseOperator(a: WeightedCsr, rowScale?: Float32Array, colScale?: Float32Array): SparseOperator {
  const { nRows, nCols } = a;
  const nnz = a.idx.length;
  const rowOf = new Int32Array(nnz);
  for (let r = 0; r < nRows; r++) rowOf.fill(r, a.ptr[r]!, a.ptr[r + 1]!);
  let unit = true;
  for (let e = 0; e < nnz && unit; e++) if (a.val[e] !== 1) unit = false;
  const lastRow = nnz > 0 ? rowOf[nnz - 1]! : -1;
  const padRows = nRows - (lastRow + 1);

  const columns = tf.tensor1d(a.idx, 'int32');
  const rows = tf.tensor1d(rowOf, 'int32');
  const held: tf.Tensor[] = [columns, rows];
  let rowScaleT: tf.Tensor2D | null = null;
  let colScaleT: tf.Tensor2D | null = null;
  let weightsT: tf.Tensor2D | null = null;
  let positions: tf.Tensor1D | null = null;
  // takeRows builds its own range; `positions` doubles as the identity segments of the weighted sum.
  if (unit) {
    if (rowScale) held.push((rowScaleT = tf.tensor2d(rowScale, [nRows, 1])));
    if (colScale) held.push((colScaleT = tf.tensor2d(colScale, [nCols, 1])));
  } else {
    const w = new Float32Array(nnz);
    for (let e = 0; e < nnz; e++) w[e] = a.val[e]! * (rowScale ? rowScale[rowOf[e]!]! : 1) * (colScale ? colScale[a.idx[e]!]! : 1);
    held.push((weightsT = tf.tensor2d(w, [nnz, 1])));
    held.push((positions = tf.range(0, nnz, 1, 'int32') as tf.Tensor1D));
  }

  const padded = (summed: tf.Tensor2D): tf.Tensor2D =>
    padRows > 0 ? tf.concat([summed, tf.zeros([padRows, summed.shape[1]])], 0) : summed;

  return {
    nRows,
    nCols,
    apply(x) {
      const width = x.shape[1];
      if (nnz === 0) return tf.zeros([nRows, width]);
      return tf.tidy(() => {
        if (unit) {
          const scaled = colScaleT ? tf.mul(x, colScaleT) : x;
          const summed = padded(tf.sparse.sparseSegmentSum(scaled, columns, rows) as tf.Tensor2D);
          return rowScaleT ? tf.mul(summed, rowScaleT) : summed;
        }
        const chunk = Math.max(1, Math.floor(WEIGHTED_CHUNK_FLOATS / nnz));
        const parts: tf.Tensor2D[] = [];
        for (let c0 = 0; c0 < width; c0 += chunk) {
          const xs = chunk >= width ? x : x.slice([0, c0], [nCols, Math.min(chunk, width - c0)]);
          const gathered = tf.mul(takeRows(xs, columns), weightsT!);
          parts.push(padded(tf.sparse.sparseSegmentSum(gathered, positions!, rows) as tf.Tensor2D));
        }
        return parts.length === 1 ? parts[0]! : tf.concat(parts, 1);
      });
    },
    dispose() {
      for (const t of held) t.dispose();
    },
  };
}

/** 1/√d for positive degrees, 0 for isolated nodes (their rows and columns are empty anyway). */
export function inverseSqrt(degrees: Float32Array | Float64Array): Float32Array {
  const out = new Float32Array(degrees.length);
  for (let i = 0; i < degrees.length; i++) out[i] = degrees[i]! > 0 ? 1 / Math.sqrt(degrees[i]!) : 0;
  return out;
}

/** Row sums of a CSR's weights. */
export function rowSums(a: WeightedCsr): Float32Array {
  const out = new Float32Array(a.nRows);
  for (let r = 0; r < a.nRows; r++) {
    let s = 0;
    for (let k = a.ptr[r]!; k < a.ptr[r + 1]!; k++) s += a.val[k]!;
    out[r] = s;
  }
  return out;
}

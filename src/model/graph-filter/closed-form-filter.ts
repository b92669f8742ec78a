/**
 * The closed-form graph filter (GF-CF / BSPM family; its origin: bench/graph-filter-on-gowalla.md): the interaction-based part of
 * graph filter model's score, with no training loop and LightGCN-class quality on implicit feedback.
 *
 * With R̃ = D_U^{-1/2} R D_I^{-1/2} and the item–item low-pass operator P = R̃ᵀR̃, a member with interaction row x
 * gets    y0 = x·P + β · x·D_I^{-1/2} V_k V_kᵀ D_I^{1/2}      (linear filter + ideal low-pass on P's top-k
 * eigenvectors V_k), then   score = Σ_m c_m · y0·P^m          (one RK4 step of the BSPM "sharpening" ODE is the
 * Taylor polynomial c_m = (−h)^m / m!, m ≤ 4; c = [1] is plain GF-CF).
 *
 * Everything runs as batched sparse/dense products on TensorFlow.js in item-major layout [nItems, batch]; only the
 * small l × l steps of the eigensolver run in Float64 JS (dense-linalg.ts).
 */
import { tf } from '../backend.js';
import { cholesky, inverseLowerTransposed, jacobiEigen } from './dense-linalg.js';
import { transposeCsr, type WeightedCsr } from './interaction-matrix.js';
import { inverseSqrt, rowSums, sparseOperator, type SparseOperator } from './sparse-product.js';
import { seededRandom } from '../../lib/random.js';

export interface FilterShape {
  /** Weight of the ideal low-pass term; 0 skips the eigensolver. */
  beta: number;
  /** Polynomial coefficients applied to y0: Σ c_m y0 P^m. */
  coef: number[];
}

/** Taylor coefficients of exp(−hP) up to P⁴, i.e. one classic Runge–Kutta step of dy/dt = −yP over time h. */
export function sharpeningCoefficients(h: number): number[] {
  const c = [1];
  for (let m = 1; m <= 4; m++) c.push((c[m - 1]! * -h) / m);
  return h === 0 ? [1] : c;
}

interface NormalisedOperators {
  /** R̃ (members × items) and R̃ᵀ. */
  forward: SparseOperator;
  backward: SparseOperator;
  itemDegree: Float32Array;
  dispose(): void;
}

function normalisedOperators(matrix: WeightedCsr): NormalisedOperators {
  const transposed = transposeCsr(matrix);
  const memberInv = inverseSqrt(rowSums(matrix));
  const itemDegree = rowSums(transposed);
  const itemInv = inverseSqrt(itemDegree);
  const forward = sparseOperator(matrix, memberInv, itemInv);
  const backward = sparseOperator(transposed, itemInv, memberInv);
  return {
    forward,
    backward,
    itemDegree,
    dispose() {
      forward.dispose();
      backward.dispose();
    },
  };
}

/** Z ← Z L⁻ᵀ where ZᵀZ = LLᵀ (CholeskyQR): orthonormal columns, same span. Disposes the input. */
function orthonormalise(z: tf.Tensor2D): tf.Tensor2D {
  const l = z.shape[1];
  const gram = tf.tidy(() => tf.matMul(tf.transpose(z), z));
  const g = Float64Array.from(gram.dataSync());
  gram.dispose();
  const inv = inverseLowerTransposed(cholesky(g, l), l);
  const out = tf.tidy(() => tf.matMul(z, tf.tensor2d(Float32Array.from(inv), [l, l]))) as tf.Tensor2D;
  z.dispose();
  return out;
}

export interface LowPassOptions {
  seed: number;
  /** Extra subspace columns beyond k (accuracy of the top-k eigenvectors). */
  oversample: number;
  iterations: number;
}

/**
 * Top-k eigenvectors of P = R̃ᵀR̃ (right singular vectors of R̃) by block subspace iteration with CholeskyQR and
 * a final Rayleigh–Ritz step; returned row-major [nItems × k]. k is clamped below the matrix rank.
 */
export function lowPassVectors(matrix: WeightedCsr, k: number, options: LowPassOptions): Float32Array {
  const nItems = matrix.nCols;
  const kk = Math.min(k, Math.floor(Math.min(matrix.nRows, nItems) / 2));
  if (kk <= 0) return new Float32Array(0);
  const l = Math.min(kk + options.oversample, nItems, matrix.nRows);
  const ops = normalisedOperators(matrix);
  try {
    const random = seededRandom(options.seed);
    const init = new Float32Array(nItems * l);
    for (let e = 0; e < init.length; e++) {
      const u1 = random() || 1e-12;
      init[e] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * random());
    }
    let z = orthonormalise(tf.tensor2d(init, [nItems, l]));
    for (let it = 1; it <= options.iterations; it++) {
      const next: tf.Tensor2D = tf.tidy(() => ops.backward.apply(ops.forward.apply(z)));
      z.dispose();
      z = next;
      if (it % 2 === 0 || it === options.iterations) z = orthonormalise(z);
    }
    z = orthonormalise(z);
    const gram = tf.tidy(() => {
      const w = ops.forward.apply(z);
      return tf.matMul(tf.transpose(w), w);
    });
    const { vectors } = jacobiEigen(Float64Array.from(gram.dataSync()), l);
    gram.dispose();
    const ritz = new Float32Array(l * kk);
    for (let c = 0; c < l; c++) for (let a = 0; a < kk; a++) ritz[c * kk + a] = vectors[c * l + a]!;
    const v = tf.tidy(() => tf.matMul(z, tf.tensor2d(ritz, [l, kk])));
    z.dispose();
    const out = v.dataSync() as Float32Array;
    v.dispose();
    return Float32Array.from(out);
  } finally {
    ops.dispose();
  }
}

/** A fitted filter over one interaction matrix: scores batches of its rows (members) against every column (item). */
export interface ClosedFormFilter {
  readonly nItems: number;
  /**
   * Scores for the given members against every item, item-major [nItems, members.length], one tensor per shape
   * (several shapes share the expensive powers of P). The caller owns the results.
   */
  score(members: Int32Array, shapes: readonly FilterShape[]): tf.Tensor2D[];
  dispose(): void;
}

/**
 * Binds the filter to `matrix` (rows = members, columns = items) and the low-pass vectors (row-major
 * [nItems × k], possibly fitted on an older matrix and re-indexed; k = 0 disables the low-pass term).
 */
export function closedFormFilter(matrix: WeightedCsr, lowPass: Float32Array, k: number): ClosedFormFilter {
  const nItems = matrix.nCols;
  const ops = normalisedOperators(matrix);
  const sqrtDegree = ops.itemDegree.map(Math.sqrt);
  const invSqrtDegree = inverseSqrt(ops.itemDegree);
  const v = k > 0 ? tf.tensor2d(lowPass, [nItems, k]) : null;
  const vT = v ? tf.transpose(v) : null;
  const sqrtD = tf.tensor2d(sqrtDegree, [nItems, 1]);
  const invSqrtD = tf.tensor2d(invSqrtDegree, [nItems, 1]);

  return {
    nItems,
    score(members, shapes) {
      const width = members.length;
      const rows = new Float32Array(nItems * width);
      members.forEach((m, b) => {
        for (let q = matrix.ptr[m]!; q < matrix.ptr[m + 1]!; q++) rows[matrix.idx[q]! * width + b] = matrix.val[q]!;
      });
      const degree = Math.max(0, ...shapes.map((s) => s.coef.length - 1));
      const betas = shapes.map((s) => (v ? s.beta : 0));
      return tf.tidy((): tf.Tensor2D[] => {
        const x = tf.tensor2d(rows, [nItems, width]);
        const linear = ops.backward.apply(ops.forward.apply(x));
        const lowPassTerm =
          v && vT && betas.some((b) => b !== 0)
            ? (tf.mul(tf.matMul(v, tf.matMul(vT, tf.mul(x, invSqrtD))), sqrtD) as tf.Tensor2D)
            : null;
        const applyP = (y: tf.Tensor2D): tf.Tensor2D => ops.backward.apply(ops.forward.apply(y));
        // One shape (the common case) fuses y0 first: `degree` applications of P instead of 2 × degree.
        const distinctBetas = new Set(betas);
        if (distinctBetas.size === 1) {
          const beta = betas[0]!;
          let y: tf.Tensor2D = lowPassTerm && beta !== 0 ? tf.add(linear, tf.mul(lowPassTerm, beta)) : linear;
          const powers: tf.Tensor2D[] = [y];
          for (let m = 1; m <= degree; m++) powers.push((y = applyP(y)));
          return shapes.map((s) => s.coef.reduce<tf.Tensor2D>((acc, c, m) => (c === 0 ? acc : tf.add(acc, tf.mul(powers[m]!, c))), tf.zerosLike(linear)));
        }
        const linearPowers: tf.Tensor2D[] = [linear];
        const lowPassPowers: tf.Tensor2D[] = lowPassTerm ? [lowPassTerm] : [];
        for (let m = 1; m <= degree; m++) {
          linearPowers.push(applyP(linearPowers[m - 1]!));
          if (lowPassTerm) lowPassPowers.push(applyP(lowPassPowers[m - 1]!));
        }
        return shapes.map((s, si) =>
          s.coef.reduce<tf.Tensor2D>((acc, c, m) => {
            if (c === 0) return acc;
            let term: tf.Tensor2D = tf.mul(linearPowers[m]!, c);
            if (lowPassTerm && betas[si] !== 0) term = tf.add(term, tf.mul(lowPassPowers[m]!, c * betas[si]!));
            return tf.add(acc, term);
          }, tf.zerosLike(linear)),
        );
      });
    },
    dispose() {
      ops.dispose();
      v?.dispose();
      vT?.dispose();
      sqrtD.dispose();
      invSqrtD.dispose();
    },
  };
}

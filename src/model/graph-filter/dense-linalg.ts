/**
 * Small dense linear algebra on l × l matrices (l ≈ k + oversampling, a few hundred at most) for the
 * subspace-iteration eigensolver of the closed-form filter: the large products run on TensorFlow.js, these
 * l × l steps run in Float64 here because Cholesky and Jacobi need the precision and tfjs has neither.
 * First written for the Gowalla spike (bench/graph-filter-on-gowalla.md).
 */

/** Lower Cholesky factor of a symmetric positive (semi)definite G (l × l, row-major); adds a tiny shift if needed. */
export function cholesky(g: Float64Array, l: number): Float64Array {
  const L = new Float64Array(l * l);
  let shift = 0;
  for (let attempt = 0; attempt < 8; attempt++) {
    let ok = true;
    L.fill(0);
    for (let i = 0; i < l && ok; i++) {
      for (let j = 0; j <= i; j++) {
        let s = g[i * l + j]! + (i === j ? shift : 0);
        for (let k = 0; k < j; k++) s -= L[i * l + k]! * L[j * l + k]!;
        if (i === j) {
          if (!(s > 0)) {
            ok = false;
            break;
          }
          L[i * l + i] = Math.sqrt(s);
        } else L[i * l + j] = s / L[j * l + j]!;
      }
    }
    if (ok) return L;
    let trace = 0;
    for (let i = 0; i < l; i++) trace += g[i * l + i]!;
    shift = shift === 0 ? 1e-10 * (trace || 1) : shift * 100;
  }
  throw new Error('cholesky: matrix is not positive definite');
}

/** (L⁻¹)ᵀ for a lower-triangular L, so that Z (L⁻¹)ᵀ = Z L⁻ᵀ orthonormalises Z's columns when ZᵀZ = LLᵀ. */
export function inverseLowerTransposed(L: Float64Array, l: number): Float64Array {
  const inv = new Float64Array(l * l);
  for (let col = 0; col < l; col++) {
    for (let i = col; i < l; i++) {
      let s = i === col ? 1 : 0;
      for (let k = col; k < i; k++) s -= L[i * l + k]! * inv[k * l + col]!;
      inv[i * l + col] = s / L[i * l + i]!;
    }
  }
  const out = new Float64Array(l * l);
  for (let i = 0; i < l; i++) for (let j = 0; j < l; j++) out[j * l + i] = inv[i * l + j]!;
  return out;
}

/** Cyclic Jacobi eigendecomposition of a symmetric A (l × l): eigenvalues descending, eigenvectors as U's columns. */
export function jacobiEigen(a0: Float64Array, l: number): { values: Float64Array; vectors: Float64Array } {
  const A = a0.slice();
  const V = new Float64Array(l * l);
  for (let i = 0; i < l; i++) V[i * l + i] = 1;
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    let diag = 0;
    for (let p = 0; p < l; p++) {
      diag += A[p * l + p]! ** 2;
      for (let q = p + 1; q < l; q++) off += A[p * l + q]! ** 2;
    }
    if (off <= 1e-24 * diag) break;
    for (let p = 0; p < l - 1; p++) {
      for (let q = p + 1; q < l; q++) {
        const apq = A[p * l + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const app = A[p * l + p]!;
        const aqq = A[q * l + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < l; k++) {
          const akp = A[p * l + k]!;
          const akq = A[q * l + k]!;
          A[p * l + k] = c * akp - s * akq;
          A[q * l + k] = s * akp + c * akq;
        }
        for (let k = 0; k < l; k++) {
          const akp = A[k * l + p]!;
          const akq = A[k * l + q]!;
          A[k * l + p] = c * akp - s * akq;
          A[k * l + q] = s * akp + c * akq;
        }
        for (let k = 0; k < l; k++) {
          const vkp = V[k * l + p]!;
          const vkq = V[k * l + q]!;
          V[k * l + p] = c * vkp - s * vkq;
          V[k * l + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: l }, (_, i) => i).sort((x, y) => A[y * l + y]! - A[x * l + x]!);
  const values = new Float64Array(l);
  const vectors = new Float64Array(l * l);
  order.forEach((src, dst) => {
    values[dst] = A[src * l + src]!;
    for (let k = 0; k < l; k++) vectors[k * l + dst] = V[k * l + src]!;
  });
  return { values, vectors };
}

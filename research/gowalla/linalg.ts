// Dense/sparse kernels for the randomized (subspace-iteration) SVD of the normalised interaction matrix.
export interface WCsr { nRows: number; nCols: number; ptr: Int32Array; idx: Int32Array; val: Float32Array }

/** out (nRows x l, row-major) = A (CSR, weighted) * Z (nCols x l, row-major). */
export function spmm(a: WCsr, z: Float64Array, l: number, out: Float64Array, r0 = 0, r1 = a.nRows): void {
  const { ptr, idx, val } = a;
  for (let r = r0; r < r1; r++) {
    const ob = r * l;
    for (let c = 0; c < l; c++) out[ob + c] = 0;
    for (let k = ptr[r]!; k < ptr[r + 1]!; k++) {
      const w = val[k]!;
      const zb = idx[k]! * l;
      for (let c = 0; c < l; c++) out[ob + c] += w * z[zb + c]!;
    }
  }
}

/** G (l x l, full symmetric) = Z^T Z for Z (n x l row-major); 4-row blocking. */
export function gram(z: Float64Array, n: number, l: number): Float64Array {
  const g = new Float64Array(l * l);
  let r = 0;
  for (; r + 4 <= n; r += 4) {
    const b0 = r * l, b1 = b0 + l, b2 = b1 + l, b3 = b2 + l;
    for (let a = 0; a < l; a++) {
      const x0 = z[b0 + a]!, x1 = z[b1 + a]!, x2 = z[b2 + a]!, x3 = z[b3 + a]!;
      const gb = a * l;
      for (let b = a; b < l; b++) g[gb + b] += x0 * z[b0 + b]! + x1 * z[b1 + b]! + x2 * z[b2 + b]! + x3 * z[b3 + b]!;
    }
  }
  for (; r < n; r++) {
    const b0 = r * l;
    for (let a = 0; a < l; a++) {
      const x0 = z[b0 + a]!;
      const gb = a * l;
      for (let b = a; b < l; b++) g[gb + b] += x0 * z[b0 + b]!;
    }
  }
  for (let a = 0; a < l; a++) for (let b = 0; b < a; b++) g[a * l + b] = g[b * l + a]!;
  return g;
}

/** In-place lower Cholesky of SPD G (l x l). Adds a tiny shift if needed. */
export function cholesky(g: Float64Array, l: number): Float64Array {
  const L = new Float64Array(l * l);
  let shift = 0;
  for (let attempt = 0; attempt < 6; attempt++) {
    let ok = true;
    L.fill(0);
    for (let i = 0; i < l && ok; i++) {
      for (let j = 0; j <= i; j++) {
        let s = g[i * l + j]! + (i === j ? shift : 0);
        for (let k = 0; k < j; k++) s -= L[i * l + k]! * L[j * l + k]!;
        if (i === j) {
          if (!(s > 0)) { ok = false; break; }
          L[i * l + i] = Math.sqrt(s);
        } else L[i * l + j] = s / L[j * l + j]!;
      }
    }
    if (ok) return L;
    let tr = 0; for (let i = 0; i < l; i++) tr += g[i * l + i]!;
    shift = shift === 0 ? 1e-12 * tr : shift * 100;
  }
  throw new Error("cholesky failed");
}

/** Z <- Z L^{-T} (row-wise forward substitution), rows r0..r1. */
export function applyInvLT(z: Float64Array, l: number, L: Float64Array, r0: number, r1: number): void {
  for (let r = r0; r < r1; r++) {
    const b = r * l;
    for (let a = 0; a < l; a++) {
      let s = z[b + a]!;
      const la = a * l;
      for (let c = 0; c < a; c++) s -= L[la + c]! * z[b + c]!;
      z[b + a] = s / L[la + a]!;
    }
  }
}

/** CholeskyQR2: orthonormalise columns of Z (n x l). */
export function orthonormalise(z: Float64Array, n: number, l: number, passes = 2): void {
  for (let pass = 0; pass < passes; pass++) {
    const L = cholesky(gram(z, n, l), l);
    applyInvLT(z, l, L, 0, n);
  }
}

/** Cyclic Jacobi eigen-decomposition of symmetric A (l x l). Returns eigenvalues (desc) and eigenvectors as columns of U (row-major l x l). */
export function jacobiEig(A0: Float64Array, l: number): { vals: Float64Array; U: Float64Array } {
  const A = A0.slice();
  const V = new Float64Array(l * l);
  for (let i = 0; i < l; i++) V[i * l + i] = 1;
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0, diag = 0;
    for (let p = 0; p < l; p++) { diag += A[p * l + p]! ** 2; for (let q = p + 1; q < l; q++) off += A[p * l + q]! ** 2; }
    if (off < 1e-26 * diag) break;
    for (let p = 0; p < l - 1; p++) {
      for (let q = p + 1; q < l; q++) {
        const apq = A[p * l + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const app = A[p * l + p]!, aqq = A[q * l + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < l; k++) { // rows p,q
          const akp = A[p * l + k]!, akq = A[q * l + k]!;
          A[p * l + k] = c * akp - s * akq;
          A[q * l + k] = s * akp + c * akq;
        }
        for (let k = 0; k < l; k++) { // cols p,q
          const akp = A[k * l + p]!, akq = A[k * l + q]!;
          A[k * l + p] = c * akp - s * akq;
          A[k * l + q] = s * akp + c * akq;
        }
        for (let k = 0; k < l; k++) {
          const vkp = V[k * l + p]!, vkq = V[k * l + q]!;
          V[k * l + p] = c * vkp - s * vkq;
          V[k * l + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: l }, (_, i) => i).sort((a, b) => A[b * l + b]! - A[a * l + a]!);
  const vals = new Float64Array(l);
  const U = new Float64Array(l * l);
  order.forEach((src, dst) => {
    vals[dst] = A[src * l + src]!;
    for (let k = 0; k < l; k++) U[k * l + dst] = V[k * l + src]!;
  });
  return { vals, U };
}

import { loadSplit, listsToCsr, transpose } from "./common.js";
const sp = loadSplit("test"); const X = listsToCsr(sp.train, sp.nItems); const Xt = transpose(X);
const nUsers = sp.nUsers, nItems = sp.nItems, B = 64;
const rVal = new Float32Array(X.idx.length).fill(0.01), tVal = new Float32Array(Xt.idx.length).fill(0.01);
const rPtr = X.ptr, rIdx = X.idx, tPtr = Xt.ptr, tIdx = Xt.idx;
const U = new Float64Array(nUsers * B);
function applyP(y: Float64Array, out: Float64Array) {
  U.fill(0);
  for (let v = 0; v < nUsers; v++) {
    const ub = v * B;
    for (let q = rPtr[v]!; q < rPtr[v + 1]!; q++) {
      const w = rVal[q]!, yb = rIdx[q]! * B;
      for (let b = 0; b < B; b++) U[ub + b] += w * y[yb + b]!;
    }
  }
  for (let j = 0; j < nItems; j++) {
    const ob = j * B;
    for (let b = 0; b < B; b++) out[ob + b] = 0;
    for (let q = tPtr[j]!; q < tPtr[j + 1]!; q++) {
      const w = tVal[q]!, ub = tIdx[q]! * B;
      for (let b = 0; b < B; b++) out[ob + b] += w * U[ub + b]!;
    }
  }
}
const y = new Float64Array(nItems * B).map(() => Math.random()), o = new Float64Array(nItems * B);
for (let r = 0; r < 4; r++) { const t = performance.now(); applyP(y, o); console.log("applyP ms", (performance.now() - t).toFixed(0)); }
const y2 = new Float64Array(nItems * B).fill(1e-5);
for (let r = 0; r < 2; r++) { const t = performance.now(); applyP(y2, o); console.log("applyP tiny ms", (performance.now() - t).toFixed(0)); }
function applyP2(y: Float64Array, out: Float64Array, Uu: Float64Array, nU: number, nI: number, Bb: number, rp: Int32Array, ri: Int32Array, rv: Float32Array, tp: Int32Array, ti: Int32Array, tv: Float32Array) {
  Uu.fill(0);
  for (let v = 0; v < nU; v++) {
    const ub = v * Bb; const e = rp[v + 1]!;
    for (let q = rp[v]!; q < e; q++) {
      const w = rv[q]!, yb = ri[q]! * Bb;
      for (let b = 0; b < Bb; b++) Uu[ub + b] += w * y[yb + b]!;
    }
  }
  for (let j = 0; j < nI; j++) {
    const ob = j * Bb; const e = tp[j + 1]!;
    for (let b = 0; b < Bb; b++) out[ob + b] = 0;
    for (let q = tp[j]!; q < e; q++) {
      const w = tv[q]!, ub = ti[q]! * Bb;
      for (let b = 0; b < Bb; b++) out[ob + b] += w * Uu[ub + b]!;
    }
  }
}
for (let r = 0; r < 4; r++) { const t = performance.now(); applyP2(y, o, U, nUsers, nItems, B, rPtr, rIdx, rVal, tPtr, tIdx, tVal); console.log("applyP2 ms", (performance.now() - t).toFixed(0)); }
for (const Bb of [4, 8, 16, 32]) {
  const yy = new Float64Array(nItems * Bb).map(() => Math.random()), oo = new Float64Array(nItems * Bb), UU = new Float64Array(nUsers * Bb);
  let best = 1e9;
  for (let r = 0; r < 3; r++) { const t = performance.now(); applyP2(yy, oo, UU, nUsers, nItems, Bb, rPtr, rIdx, rVal, tPtr, tIdx, tVal); best = Math.min(best, performance.now() - t); }
  console.log(`B=${Bb} applyP ms ${best.toFixed(0)} per-user ms ${(best / Bb).toFixed(2)}`);
}

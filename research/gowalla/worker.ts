// Scoring/evaluation worker: polynomial graph filters + ideal low-pass term, per user batch, item-major layout.
import { parentPort, workerData } from "node:worker_threads";
import { topK, userMetrics } from "./common.js";

export interface FilterConfig {
  name: string;
  beta: number;   // weight of the ideal low-pass term  x D^-1/2 V V^T D^1/2
  coef: number[]; // score = sum_m coef[m] * (beta*IDL + x P) P^m
}
export interface WorkerInit {
  wid: number; nWorkers: number; B: number; K: number; k: number;
  nUsers: number; nItems: number;
  rPtr: SharedArrayBuffer; rIdx: SharedArrayBuffer; rVal: SharedArrayBuffer;
  tPtr: SharedArrayBuffer; tIdx: SharedArrayBuffer; tVal: SharedArrayBuffer;
  xPtr: SharedArrayBuffer; xIdx: SharedArrayBuffer; // raw train items (for exclusion & x), same as R pattern
  tsPtr: SharedArrayBuffer; tsIdx: SharedArrayBuffer; // test items
  V: SharedArrayBuffer | null; dI: SharedArrayBuffer; // item degrees
  users: SharedArrayBuffer; // users to evaluate
  configs: FilterConfig[];
}

const d = workerData as WorkerInit;
const { B, K, k, nUsers, nItems, configs } = d;
const rPtr = new Int32Array(d.rPtr), rIdx = new Int32Array(d.rIdx), rVal = new Float32Array(d.rVal);
const tPtr = new Int32Array(d.tPtr), tIdx = new Int32Array(d.tIdx), tVal = new Float32Array(d.tVal);
const tsPtr = new Int32Array(d.tsPtr), tsIdx = new Int32Array(d.tsIdx);
const V = d.V ? new Float32Array(d.V) : null;
const Vd = V ? Float64Array.from(V) : null; // f64 copy: avoids f32->f64 conversions in the hot loop
const dI = new Float64Array(d.dI);
const users = new Int32Array(d.users);
const M = Math.max(...configs.map((c) => c.coef.length)) - 1;
// Single config: fuse y0 = x P + beta*IDL before the powers (M applications instead of 2M).
const fused = configs.length === 1 && configs[0]!.beta !== 0 && V !== null;
const needIdl = configs.some((c) => c.beta !== 0) && V !== null;
const needIdlPowers = needIdl && !fused;
const invSqrtD = new Float64Array(nItems), sqrtD = new Float64Array(nItems);
for (let j = 0; j < nItems; j++) { sqrtD[j] = Math.sqrt(dI[j]!); invSqrtD[j] = dI[j]! > 0 ? 1 / sqrtD[j]! : 0; }

// Powers: L[m] = x P^(m+1), I[m] = IDL P^m; item-major [j*B + b]
const Lp: Float64Array[] = [], Ip: Float64Array[] = [];
for (let m = 0; m <= M; m++) { Lp.push(new Float64Array(nItems * B)); if (needIdlPowers || (needIdl && m === 0)) Ip.push(new Float64Array(nItems * B)); }
const U = new Float64Array(nUsers * B);
const tacc = new Float64Array(nUsers);
const touched = new Int32Array(nUsers);
const C = new Float64Array(B * k);
const excl = new Int32Array(nItems).fill(-1), testMark = new Int32Array(nItems).fill(-1);
const scores = new Float64Array(nItems);
const SL = new Float64Array(nItems * B), SI = new Float64Array(nItems * B);
const rank = new Int32Array(K), rankS = new Float64Array(K);

/** I0[j*B+b] = sqrt(d_j) * <C_b, V_j>, register-blocked 2 items x 4 users. */
function idlKernel(C: Float64Array, Vv: Float64Array, k: number, nb: number, I0: Float64Array) {
  I0.fill(0);
  const nb4 = nb & ~3;
  for (let j = 0; j < nItems; j += 2) {
    const two = j + 1 < nItems;
    const v0 = j * k, v1 = two ? v0 + k : v0;
    let b = 0;
    for (; b < nb4; b += 4) {
      const c0 = b * k, c1 = c0 + k, c2 = c1 + k, c3 = c2 + k;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
      for (let a = 0; a < k; a++) {
        const va = Vv[v0 + a]!, vb = Vv[v1 + a]!;
        const x0 = C[c0 + a]!, x1 = C[c1 + a]!, x2 = C[c2 + a]!, x3 = C[c3 + a]!;
        s00 += x0 * va; s01 += x0 * vb; s10 += x1 * va; s11 += x1 * vb;
        s20 += x2 * va; s21 += x2 * vb; s30 += x3 * va; s31 += x3 * vb;
      }
      const o0 = j * B + b, sj0 = sqrtD[j]!;
      I0[o0] = sj0 * s00; I0[o0 + 1] = sj0 * s10; I0[o0 + 2] = sj0 * s20; I0[o0 + 3] = sj0 * s30;
      if (two) { const o1 = o0 + B, sj1 = sqrtD[j + 1]!; I0[o1] = sj1 * s01; I0[o1 + 1] = sj1 * s11; I0[o1 + 2] = sj1 * s21; I0[o1 + 3] = sj1 * s31; }
    }
    for (; b < nb; b++) {
      const c0 = b * k;
      let s0 = 0, s1 = 0;
      for (let a = 0; a < k; a++) { const x = C[c0 + a]!; s0 += x * Vv[v0 + a]!; s1 += x * Vv[v1 + a]!; }
      I0[j * B + b] = sqrtD[j]! * s0;
      if (two) I0[(j + 1) * B + b] = sqrtD[j + 1]! * s1;
    }
  }
}

/** out = y P for a batch (item-major, width B). */
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

const tm = { lin: 0, idl: 0, pow: 0, eval: 0 };
let tt = performance.now();
const lap = (key: keyof typeof tm) => { const n = performance.now(); tm[key] += (n - tt) / 1000; tt = n; };
const sums = configs.map(() => ({ recall: 0, ndcg: 0, n: 0 }));
let batchNo = 0;
const nBatches = Math.ceil(users.length / B);
for (let bi = d.wid; bi < nBatches; bi += d.nWorkers) {
  const bu = users.subarray(bi * B, Math.min(users.length, (bi + 1) * B));
  const nb = bu.length;
  // L0 = x P (sparse path): t = x R~^T over users, then t R~
  const L0 = Lp[0]!; L0.fill(0);
  for (let b = 0; b < nb; b++) {
    const u = bu[b]!;
    let nt = 0;
    for (let q = rPtr[u]!; q < rPtr[u + 1]!; q++) {
      const i = rIdx[q]!;
      for (let p = tPtr[i]!; p < tPtr[i + 1]!; p++) {
        const v = tIdx[p]!;
        if (tacc[v] === 0) touched[nt++] = v;
        tacc[v] += tVal[p]!;
      }
    }
    for (let s = 0; s < nt; s++) {
      const v = touched[s]!, tv = tacc[v]!; tacc[v] = 0;
      for (let q = rPtr[v]!; q < rPtr[v + 1]!; q++) L0[rIdx[q]! * B + b] += tv * rVal[q]!;
    }
  }
  lap("lin");
  if (needIdl) {
    // C_b = sum_{i in x_b} d_i^-1/2 V_i ; I0[j,b] = d_j^1/2 <C_b, V_j>
    C.fill(0);
    for (let b = 0; b < nb; b++) {
      const u = bu[b]!, cb = b * k;
      for (let q = rPtr[u]!; q < rPtr[u + 1]!; q++) {
        const i = rIdx[q]!, w = invSqrtD[i]!, vb = i * k;
        for (let a = 0; a < k; a++) C[cb + a] += w * Vd![vb + a]!;
      }
    }
    idlKernel(C, Vd!, k, nb, Ip[0]!);
    if (fused) { const I0 = Ip[0]!, bt = configs[0]!.beta; for (let e = 0; e < L0.length; e++) L0[e] += bt * I0[e]!; }
  }
  lap("idl");
  for (let m = 1; m <= M; m++) {
    applyP(Lp[m - 1]!, Lp[m]!);
    if (needIdlPowers) applyP(Ip[m - 1]!, Ip[m]!);
  }
  lap("pow");
  // Evaluate each config
  for (let ci = 0; ci < configs.length; ci++) {
    const cfg = configs[ci]!;
    SL.fill(0); if (needIdl) SI.fill(0);
    for (let m = 0; m < cfg.coef.length; m++) {
      const c = cfg.coef[m]!; if (c === 0) continue;
      const Lm = Lp[m]!;
      for (let e = 0; e < SL.length; e++) SL[e] += c * Lm[e]!;
      if (needIdlPowers && cfg.beta !== 0) { const Im = Ip[m]!; for (let e = 0; e < SI.length; e++) SI[e] += c * Im[e]!; }
    }
    const beta = needIdlPowers ? cfg.beta : 0;
    for (let b = 0; b < nb; b++) {
      const u = bu[b]!;
      const stamp = u;
      for (let q = rPtr[u]!; q < rPtr[u + 1]!; q++) excl[rIdx[q]!] = stamp;
      for (let q = tsPtr[u]!; q < tsPtr[u + 1]!; q++) testMark[tsIdx[q]!] = stamp;
      if (beta !== 0) for (let j = 0; j < nItems; j++) scores[j] = SL[j * B + b]! + beta * SI[j * B + b]!;
      else for (let j = 0; j < nItems; j++) scores[j] = SL[j * B + b]!;
      const n = topK(scores, K, excl, stamp, rank, rankS);
      const met = userMetrics(rank, n, testMark, stamp, tsPtr[u + 1]! - tsPtr[u]!, K);
      sums[ci]!.recall += met.recall; sums[ci]!.ndcg += met.ndcg; sums[ci]!.n++;
    }
  }
  lap("eval");
  batchNo++;
  parentPort!.postMessage({ type: "progress", wid: d.wid, users: nb, sums });
}
parentPort!.postMessage({ type: "done", wid: d.wid, sums, tm });

// Shared data loading, sparse structures and LightGCN-protocol metrics for the Gowalla spike.
import { readFileSync } from "node:fs";

export const DATA_DIR = process.env.GOWALLA_DIR ?? "/work/shared/data/gowalla";

/** Compressed sparse rows: rows[ptr[r]..ptr[r+1]) are the column ids of row r. */
export interface Csr {
  nRows: number;
  nCols: number;
  ptr: Int32Array;
  idx: Int32Array;
}

/** Parse a LightGCN-format file (`uid item item ...`) into per-user item lists. */
export function readLists(path: string): number[][] {
  const out: number[][] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const t = line.trim();
    if (!t) continue;
    const parts = t.split(/\s+/).map(Number);
    const u = parts[0]!;
    const items = parts.slice(1);
    while (out.length <= u) out.push([]);
    out[u] = items;
  }
  return out;
}

export function listsToCsr(lists: number[][], nCols: number): Csr {
  const nRows = lists.length;
  const ptr = new Int32Array(nRows + 1);
  for (let r = 0; r < nRows; r++) ptr[r + 1] = ptr[r]! + lists[r]!.length;
  const idx = new Int32Array(ptr[nRows]!);
  for (let r = 0; r < nRows; r++) {
    const l = lists[r]!.slice().sort((a, b) => a - b);
    idx.set(l, ptr[r]!);
  }
  return { nRows, nCols, ptr, idx };
}

export function transpose(a: Csr): Csr {
  const ptr = new Int32Array(a.nCols + 1);
  for (let k = 0; k < a.idx.length; k++) ptr[a.idx[k]! + 1]!++;
  for (let c = 0; c < a.nCols; c++) ptr[c + 1]! += ptr[c]!;
  const fill = ptr.slice(0, a.nCols);
  const idx = new Int32Array(a.idx.length);
  for (let r = 0; r < a.nRows; r++)
    for (let k = a.ptr[r]!; k < a.ptr[r + 1]!; k++) idx[fill[a.idx[k]!]!++] = r;
  return { nRows: a.nCols, nCols: a.nRows, ptr, idx };
}

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Split {
  train: number[][];
  test: number[][];
  nUsers: number;
  nItems: number;
  label: string;
}

/** Official split (train.txt / test.txt), or a validation split carved out of train only. */
export function loadSplit(mode: "test" | "val", valFrac = 0.2, seed = 7): Split {
  const train = readLists(`${DATA_DIR}/train.txt`);
  if (mode === "test") {
    const test = readLists(`${DATA_DIR}/test.txt`);
    const nUsers = Math.max(train.length, test.length);
    while (train.length < nUsers) train.push([]);
    while (test.length < nUsers) test.push([]);
    let nItems = 0;
    for (const l of [...train, ...test]) for (const i of l) if (i + 1 > nItems) nItems = i + 1;
    return { train, test, nUsers, nItems, label: "official test" };
  }
  // Validation: hold out ~valFrac of each user's TRAIN items (test.txt is never read).
  const r = rng(seed);
  const tr: number[][] = [];
  const va: number[][] = [];
  let nItems = 0;
  for (const l of train) {
    for (const i of l) if (i + 1 > nItems) nItems = i + 1;
    const a = l.slice();
    for (let k = a.length - 1; k > 0; k--) {
      const j = Math.floor(r() * (k + 1));
      const t = a[k]!; a[k] = a[j]!; a[j] = t;
    }
    const nVal = a.length >= 2 ? Math.max(1, Math.round(a.length * valFrac)) : 0;
    va.push(a.slice(0, nVal));
    tr.push(a.slice(nVal));
  }
  return { train: tr, test: va, nUsers: train.length, nItems, label: `validation (${valFrac} of train, seed ${seed})` };
}

/**
 * Top-K item ids of `scores` (descending), skipping items flagged in `exclude`
 * (exclude[i] === mark). Ties broken by lower item id. Writes into `out`, returns count.
 */
export function topK(scores: Float32Array | Float64Array, k: number, exclude: Int32Array | null, mark: number, out: Int32Array, outS: Float64Array): number {
  let n = 0;
  let minS = -Infinity;
  const len = scores.length;
  for (let i = 0; i < len; i++) {
    if (exclude !== null && exclude[i] === mark) continue;
    const s = scores[i]!;
    if (n === k && s <= minS) continue;
    // insertion into descending list
    let p = n < k ? n : k - 1;
    while (p > 0 && outS[p - 1]! < s) {
      if (p < k) { outS[p] = outS[p - 1]!; out[p] = out[p - 1]!; }
      p--;
    }
    outS[p] = s; out[p] = i;
    if (n < k) n++;
    minS = outS[n - 1]!;
    if (n < k) minS = -Infinity;
  }
  return n;
}

/** LightGCN protocol for one user: recall = hits/|test|, NDCG binary with IDCG over min(|test|, K). */
export function userMetrics(rank: Int32Array, n: number, testSet: Set<number> | Int32Array, testMark: number, nTest: number, K: number): { recall: number; ndcg: number } {
  let hits = 0;
  let dcg = 0;
  for (let p = 0; p < Math.min(n, K); p++) {
    const it = rank[p]!;
    const hit = testSet instanceof Set ? testSet.has(it) : testSet[it] === testMark;
    if (hit) { hits++; dcg += 1 / Math.log2(p + 2); }
  }
  let idcg = 0;
  for (let p = 0; p < Math.min(nTest, K); p++) idcg += 1 / Math.log2(p + 2);
  return { recall: hits / nTest, ndcg: idcg > 0 ? dcg / idcg : 0 };
}

export function now0(): () => number {
  const t0 = performance.now();
  return () => (performance.now() - t0) / 1000;
}
export function maxRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB
}

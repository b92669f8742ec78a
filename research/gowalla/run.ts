// GF-CF / BSPM-style closed-form graph filtering on Gowalla (LightGCN split), plain TypeScript, 2 worker threads.
// Usage: npx tsx research/gowalla/run.ts --split test --preset bspm [--k 448] [--over 64] [--iters 6]
import { Worker } from "node:worker_threads";
import { loadSplit, listsToCsr, transpose, rng, now0, maxRssMiB } from "./common.js";
import { spmm, gram, orthonormalise, jacobiEig, type WCsr } from "./linalg.js";
import type { FilterConfig, WorkerInit } from "./worker.js";

const T = now0();
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i]!;
  if (a.startsWith("--")) { const nx = process.argv[i + 1]; if (nx !== undefined && !nx.startsWith("--")) { args.set(a.slice(2), nx); i++; } else args.set(a.slice(2), "1"); }
}
const num = (k: string, d: number) => (args.has(k) ? Number(args.get(k)) : d);
const split = (args.get("split") ?? "val") as "val" | "test";
const preset = args.get("preset") ?? "gfcf";
const K = 20;
const nWorkers = num("workers", 2);
const B = num("batch", 64);
const log = (...m: unknown[]) => console.log(`[${T().toFixed(1)}s rss=${(process.memoryUsage().rss / 2 ** 20).toFixed(0)}MiB]`, ...m);

/** Taylor coefficients of exp(-h x) to degree `deg` (= one RK4 step when deg=4). */
function expCoef(h: number, deg: number): number[] {
  const c = [1]; for (let m = 1; m <= deg; m++) c.push(c[m - 1]! * -h / m); return c;
}
function presetConfigs(p: string): { configs: FilterConfig[]; k: number } {
  if (p === "lin") return { k: 0, configs: [{ name: "xP (LGCN-IDE 1 layer)", beta: 0, coef: [1] }] };
  if (p === "gfcf") return { k: num("k", 256), configs: [{ name: `GF-CF beta=${num("beta", 0.3)}`, beta: num("beta", 0.3), coef: [1] }] };
  if (p === "bspm") {
    const h = num("Ts", 2.5), beta = num("beta", 0.2);
    return { k: num("k", 448), configs: [{ name: `BSPM rk4 Ts=${h} beta=${beta}`, beta, coef: expCoef(h, 4) }] };
  }
  if (p === "grid") {
    const cs: FilterConfig[] = [{ name: "lin", beta: 0, coef: [1] }];
    for (const beta of (args.get("betas") ?? "0.1,0.2,0.3,0.5").split(",").map(Number)) cs.push({ name: `gfcf b=${beta}`, beta, coef: [1] });
    for (const h of (args.get("hs") ?? "1.5,2,2.5,3").split(",").map(Number))
      for (const beta of (args.get("betas") ?? "0.1,0.2,0.3,0.5").split(",").map(Number))
        cs.push({ name: `bspm h=${h} b=${beta}`, beta, coef: expCoef(h, 4) });
    return { k: num("k", 448), configs: cs };
  }
  if (p === "json") return { k: num("k", 256), configs: JSON.parse(args.get("cfg")!) };
  throw new Error("unknown preset " + p);
}
const { configs, k } = presetConfigs(preset);

// ---------- data ----------
const sp = loadSplit(split, 0.2, num("seed", 7));
const { nUsers, nItems } = sp;
const X = listsToCsr(sp.train, nItems);
const Xt = transpose(X);
const TS = listsToCsr(sp.test, nItems);
const du = new Float64Array(nUsers), di = new Float64Array(nItems);
for (let u = 0; u < nUsers; u++) du[u] = X.ptr[u + 1]! - X.ptr[u]!;
for (let i = 0; i < nItems; i++) di[i] = Xt.ptr[i + 1]! - Xt.ptr[i]!;
const shared = <T extends Int32Array | Float32Array | Float64Array>(a: T): SharedArrayBuffer => {
  const sb = new SharedArrayBuffer(a.byteLength); new Uint8Array(sb).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)); return sb;
};
// normalised weights R~[u,i] = du^-1/2 di^-1/2
const rVal = new Float32Array(X.idx.length), tVal = new Float32Array(Xt.idx.length);
for (let u = 0; u < nUsers; u++) for (let q = X.ptr[u]!; q < X.ptr[u + 1]!; q++) rVal[q] = 1 / Math.sqrt(du[u]! * di[X.idx[q]!]!);
for (let i = 0; i < nItems; i++) for (let q = Xt.ptr[i]!; q < Xt.ptr[i + 1]!; q++) tVal[q] = 1 / Math.sqrt(du[Xt.idx[q]!]! * di[i]!);
const R: WCsr = { ...X, val: rVal }, Rt: WCsr = { ...Xt, val: tVal };
const userStride = num("userStride", 1); // >1: evaluate every n-th user (validation grids only)
const evalUsers = Int32Array.from(Array.from({ length: nUsers }, (_, u) => u).filter((u) => TS.ptr[u + 1]! > TS.ptr[u]! && u % userStride === 0));
log(`split=${sp.label} users=${nUsers} items=${nItems} train nnz=${X.idx.length} eval nnz=${TS.idx.length} evalUsers=${evalUsers.length}`);

// ---------- top-k eigenvectors of P = R~^T R~ (right singular vectors of R~) by subspace iteration ----------
let Vsb: SharedArrayBuffer | null = null;
if (k > 0 && configs.some((c) => c.beta !== 0)) {
  const l = k + num("over", 64), iters = num("iters", 6), orthEvery = num("orthEvery", 2);
  const r = rng(12345);
  let Z = new Float64Array(nItems * l);
  for (let e = 0; e < Z.length; e++) { const u1 = r() || 1e-12, u2 = r(); Z[e] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2); }
  orthonormalise(Z, nItems, l, 1);
  const W = new Float64Array(nUsers * l);
  for (let it = 1; it <= iters; it++) {
    spmm(R, Z, l, W); spmm(Rt, W, l, Z);
    if (it % orthEvery === 0 || it === iters) orthonormalise(Z, nItems, l, it === iters ? 2 : 1);
    log(`subspace iter ${it}/${iters} (l=${l})`);
  }
  spmm(R, Z, l, W);
  const { vals, U } = jacobiEig(gram(W, nUsers, l), l);
  const V = new Float32Array(nItems * k);
  for (let j = 0; j < nItems; j++) for (let a = 0; a < k; a++) {
    let s = 0; for (let c = 0; c < l; c++) s += Z[j * l + c]! * U[c * l + a]!; V[j * k + a] = s;
  }
  log(`eig(P): top ${Array.from(vals.slice(0, 4)).map((v) => v.toFixed(4)).join(",")} ... λ_k=${vals[k - 1]!.toFixed(5)} λ_l=${vals[l - 1]!.toFixed(5)}`);
  Vsb = shared(V);
  Z = new Float64Array(0);
}

// ---------- parallel scoring ----------
const base = {
  nWorkers, B, K, k, nUsers, nItems,
  rPtr: shared(X.ptr), rIdx: shared(X.idx), rVal: shared(rVal),
  tPtr: shared(Xt.ptr), tIdx: shared(Xt.idx), tVal: shared(tVal),
  xPtr: shared(X.ptr), xIdx: shared(X.idx), tsPtr: shared(TS.ptr), tsIdx: shared(TS.idx),
  V: Vsb, dI: shared(di), users: shared(evalUsers), configs,
};
// Worker threads do not inherit tsx's loader: register it inside the worker, then import the TS worker module.
const tsxApi = import.meta.resolve("tsx/esm/api");
const workerUrl = new URL("./worker.ts", import.meta.url).href;
const bootstrap = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(workerUrl)}); })`;
type Sums = { recall: number; ndcg: number; n: number }[];
const latest: Sums[] = [];
let lastPrint = 0;
let t017: number | null = null;
await Promise.all(Array.from({ length: nWorkers }, (_, wid) => new Promise<void>((resolve, reject) => {
  const w = new Worker(bootstrap, { eval: true, workerData: { ...base, wid } satisfies WorkerInit });
  w.on("message", (m: { type: string; wid: number; sums: Sums }) => {
    latest[m.wid] = m.sums;
    if (m.type === "done") { log(`worker ${m.wid} done; phase seconds ${JSON.stringify((m as unknown as { tm: unknown }).tm)}`); resolve(); }
    const done = latest.reduce((s, x) => s + (x?.[0]?.n ?? 0), 0);
    if (T() - lastPrint > 30) { lastPrint = T(); log(`evaluated ${done}/${evalUsers.length} users`); }
  });
  w.on("error", reject);
})));
const total = T();
console.log(`\n=== results (${sp.label}, top-${K}, all-item ranking, train items excluded) ===`);
const results = configs.map((c, ci) => {
  let rcl = 0, nd = 0, n = 0;
  for (const s of latest) { rcl += s[ci]!.recall; nd += s[ci]!.ndcg; n += s[ci]!.n; }
  return { name: c.name, recall: rcl / n, ndcg: nd / n, n };
});
results.sort((a, b) => b.ndcg - a.ndcg);
for (const r of results) console.log(`${r.name.padEnd(28)} recall@20=${r.recall.toFixed(4)} ndcg@20=${r.ndcg.toFixed(4)} users=${r.n}`);
if (results.some((r) => r.recall >= 0.17)) t017 = total;
console.log(`wall=${total.toFixed(1)}s peakRSS(main)=${maxRssMiB().toFixed(0)}MiB (process maxRSS incl. worker threads) time_to_recall0.17=${t017 === null ? "never" : t017.toFixed(1) + "s"} k=${k} preset=${preset}`);

// Hand-computed check of topK exclusion + recall@K / NDCG@K (LightGCN protocol).
import { topK, userMetrics } from "./common.js";

function approx(a: number, b: number, msg: string) {
  if (Math.abs(a - b) > 1e-9) { console.error(`FAIL ${msg}: got ${a}, want ${b}`); process.exit(1); }
  console.log(`ok   ${msg}: ${a.toFixed(6)}`);
}
const K = 3;
const out = new Int32Array(K), outS = new Float64Array(K);
// 6 items. User A trained on item 0 (top score) -> must be excluded.
// scores: item0 .9 (train), item1 .8, item2 .1, item3 .7, item4 .75, item5 .2
const scoresA = new Float64Array([0.9, 0.8, 0.1, 0.7, 0.75, 0.2]);
const exclA = new Int32Array(6); exclA[0] = 1;
let n = topK(scoresA, K, exclA, 1, out, outS);
console.log("user A top3:", Array.from(out.slice(0, n)));
if (Array.from(out.slice(0, n)).join() !== "1,4,3") { console.error("FAIL topK order"); process.exit(1); }
// test items {3, 2}: hit at rank 3 (position index 2) only.
// recall = 1/2; DCG = 1/log2(4) = 0.5; IDCG = 1 + 1/log2(3) = 1.630930; NDCG = 0.306574
let m = userMetrics(out, n, new Set([3, 2]), 0, 2, K);
approx(m.recall, 0.5, "A recall@3");
approx(m.ndcg, 0.5 / (1 + 1 / Math.log2(3)), "A ndcg@3");
// User B: 5 test items, K=3 -> IDCG over min(5,3)=3 positions. Top3 = 1,4,3; tests {1,3,5,2,0}: hits at pos 0 and 2.
// recall = 2/5 = 0.4; DCG = 1 + 0.5 = 1.5; IDCG = 1 + 0.630930 + 0.5 = 2.130930; NDCG = 0.703918
const exclB = new Int32Array(6); // no training items, but item 0 not top since... recompute
n = topK(scoresA, K, exclA, 1, out, outS);
m = userMetrics(out, n, new Set([1, 3, 5, 2, 0]), 0, 5, K);
approx(m.recall, 0.4, "B recall@3");
approx(m.ndcg, 1.5 / (1 + 1 / Math.log2(3) + 0.5), "B ndcg@3");
// Ties: equal scores -> lower id first; and no exclusion
n = topK(new Float64Array([0.5, 0.5, 0.9, 0.5]), K, exclB, 1, out, outS);
if (Array.from(out.slice(0, n)).join() !== "2,0,1") { console.error("FAIL tie order " + Array.from(out)); process.exit(1); }
console.log("ok   tie order 2,0,1");
// Average over users (A: .5/.306574, B: .4/.703918) -> recall .45, ndcg .505246
console.log("mean recall", ((0.5 + 0.4) / 2).toFixed(6), "mean ndcg", ((0.5 / (1 + 1 / Math.log2(3)) + 1.5 / (2.130929753571457)) / 2).toFixed(6));
console.log("ALL METRIC CHECKS PASSED");

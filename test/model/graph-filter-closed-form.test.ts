import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/ops/log.js';
import { selectBackend, tf } from '../../src/model/backend.js';
import { closedFormFilter, lowPassVectors, sharpeningCoefficients } from '../../src/model/graph-filter/closed-form-filter.js';
import { csrFromTriplets } from '../../src/model/graph-filter/interaction-matrix.js';
import { topK } from '../../src/model/graph-filter/top-k.js';

/** 4 members × 5 items, weighted, with a duplicate entry (summed). */
const dense = [
  [1, 1, 0, 0, 0],
  [1, 0, 2, 0, 0],
  [0, 1, 1, 1, 0],
  [0, 0, 0, 1, 1],
];
function matrix() {
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  dense.forEach((r, i) => r.forEach((v, j) => {
    if (v === 0) return;
    // Split every weight 2 into two events of 1 to exercise duplicate summing.
    for (let k = 0; k < v; k++) { rows.push(i); cols.push(j); vals.push(1); }
  }));
  return csrFromTriplets(4, 5, Int32Array.from(rows), Int32Array.from(cols), Float32Array.from(vals));
}

/** P = R̃ᵀR̃ computed densely in Float64. */
function denseP(): number[][] {
  const du = dense.map((r) => r.reduce((a, b) => a + b, 0));
  const di = dense[0]!.map((_, j) => dense.reduce((a, r) => a + r[j]!, 0));
  const rt = dense.map((r, i) => r.map((v, j) => v / Math.sqrt(du[i]! * di[j]!)));
  return di.map((_, a) => di.map((_, b) => rt.reduce((s, r) => s + r[a]! * r[b]!, 0)));
}

describe('graph-filter closed-form filter', () => {
  it('GIVEN a small weighted matrix THEN x·P and the sharpened polynomial equal the dense computation', async () => {
    await selectBackend('auto', silentLogger);
    const P = denseP();
    const filter = closedFormFilter(matrix(), new Float32Array(0), 0);
    const h = 0.5;
    const [linear, sharpened] = filter.score(Int32Array.of(1, 2), [
      { beta: 0, coef: [1] },
      { beta: 0, coef: sharpeningCoefficients(h) },
    ]);
    const lin = linear!.arraySync();
    const sh = sharpened!.arraySync();
    linear!.dispose();
    sharpened!.dispose();
    filter.dispose();
    const c = sharpeningCoefficients(h);
    [1, 2].forEach((member, b) => {
      const x = dense[member]!;
      let y = P[0]!.map((_, j) => x.reduce((s, v, i) => s + v * P[i]![j]!, 0));
      y.forEach((v, j) => expect(lin[j]![b]!).toBeCloseTo(v, 5));
      const total = y.map((v) => v * c[0]!);
      for (let m = 1; m < c.length; m++) {
        y = P[0]!.map((_, j) => y.reduce((s, v, i) => s + v * P[i]![j]!, 0));
        y.forEach((v, j) => (total[j]! += c[m]! * v));
      }
      total.forEach((v, j) => expect(sh[j]![b]!).toBeCloseTo(v, 4));
    });
  });

  it('GIVEN the low-pass solver THEN its vectors are orthonormal eigenvectors of P', async () => {
    const P = denseP();
    const k = 2;
    const before = tf.memory().numTensors;
    const v = lowPassVectors(matrix(), k, { seed: 3, oversample: 2, iterations: 8 });
    expect(tf.memory().numTensors).toBe(before);
    expect(v.length).toBe(5 * k);
    const col = (a: number) => Array.from({ length: 5 }, (_, j) => v[j * k + a]!);
    for (let a = 0; a < k; a++) {
      const va = col(a);
      expect(va.reduce((s, x) => s + x * x, 0)).toBeCloseTo(1, 4);
      const pv = P.map((row) => row.reduce((s, p, j) => s + p * va[j]!, 0));
      const lambda = pv.reduce((s, x, j) => s + x * va[j]!, 0);
      pv.forEach((x, j) => expect(x).toBeCloseTo(lambda * va[j]!, 3));
    }
    // The top eigenvalue of a normalised bipartite Gram matrix is 1.
    const v0 = col(0);
    expect(P.map((row) => row.reduce((s, p, j) => s + p * v0[j]!, 0)).reduce((s, x, j) => s + x * v0[j]!, 0)).toBeCloseTo(1, 4);
  });

  it('GIVEN scores with an excluded item and ties THEN topK returns the best K in order, lower index first on ties', () => {
    const scores = Float32Array.of(0.9, 0.8, 0.7, 0.7, 0.5, 0.95);
    const exclude = Int32Array.of(-1, -1, -1, -1, -1, 7); // item 5 is a known item of member 7
    const ranked = new Int32Array(3);
    const rankedScores = new Float64Array(3);
    const n = topK(scores, 3, exclude, 7, ranked, rankedScores);
    expect(n).toBe(3);
    expect(Array.from(ranked)).toEqual([0, 1, 2]);
    const two = new Int32Array(4);
    expect(topK(scores, 4, exclude, 7, two, new Float64Array(4))).toBe(4);
    expect(Array.from(two)).toEqual([0, 1, 2, 3]);
    // Another member's mark does not exclude item 5.
    expect(topK(scores, 1, exclude, 8, ranked, rankedScores)).toBe(1);
    expect(ranked[0]).toBe(5);
  });
});

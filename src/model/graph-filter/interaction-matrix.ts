/**
 * The member × post interaction matrix and the member → member relation lists of a snapshot, in the compressed
 * sparse forms every graph filter component reads (the closed-form filter, propagation, attention).
 * Repeated events on one (member, post) pair are summed into one weighted entry: the filter and propagation treat
 * the graph as a weighted bipartite graph, not a multigraph.
 */
import type { GraphSnapshot } from '../../graph/snapshot.js';

/** Compressed sparse rows with weights: row r holds columns idx[ptr[r]..ptr[r+1]) with weights val[…]. */
export interface WeightedCsr {
  nRows: number;
  nCols: number;
  ptr: Int32Array;
  idx: Int32Array;
  val: Float32Array;
}

export function transposeCsr(a: WeightedCsr): WeightedCsr {
  const ptr = new Int32Array(a.nCols + 1);
  for (let k = 0; k < a.idx.length; k++) ptr[a.idx[k]! + 1]!++;
  for (let c = 0; c < a.nCols; c++) ptr[c + 1]! += ptr[c]!;
  const fill = ptr.slice(0, a.nCols);
  const idx = new Int32Array(a.idx.length);
  const val = new Float32Array(a.idx.length);
  for (let r = 0; r < a.nRows; r++) {
    for (let k = a.ptr[r]!; k < a.ptr[r + 1]!; k++) {
      const at = fill[a.idx[k]!]!++;
      idx[at] = r;
      val[at] = a.val[k]!;
    }
  }
  return { nRows: a.nCols, nCols: a.nRows, ptr, idx, val };
}

/** Builds a CSR from coordinate triplets, summing duplicates; rows and columns come out sorted. */
export function csrFromTriplets(
  nRows: number,
  nCols: number,
  rows: Int32Array,
  cols: Int32Array,
  weights: Float32Array,
): WeightedCsr {
  const count = new Int32Array(nRows + 1);
  for (let e = 0; e < rows.length; e++) count[rows[e]! + 1]!++;
  for (let r = 0; r < nRows; r++) count[r + 1]! += count[r]!;
  const fill = count.slice(0, nRows);
  const rawIdx = new Int32Array(rows.length);
  const rawVal = new Float32Array(rows.length);
  for (let e = 0; e < rows.length; e++) {
    const at = fill[rows[e]!]!++;
    rawIdx[at] = cols[e]!;
    rawVal[at] = weights[e]!;
  }
  // Sort each row by column and merge duplicates.
  const ptr = new Int32Array(nRows + 1);
  const idx = new Int32Array(rows.length);
  const val = new Float32Array(rows.length);
  let out = 0;
  const order: number[] = [];
  for (let r = 0; r < nRows; r++) {
    ptr[r] = out;
    const start = count[r]!;
    const end = count[r + 1]!;
    order.length = 0;
    for (let k = start; k < end; k++) order.push(k);
    order.sort((a, b) => rawIdx[a]! - rawIdx[b]!);
    for (const k of order) {
      if (out > ptr[r]! && idx[out - 1] === rawIdx[k]) val[out - 1]! += rawVal[k]!;
      else {
        idx[out] = rawIdx[k]!;
        val[out] = rawVal[k]!;
        out++;
      }
    }
  }
  ptr[nRows] = out;
  return { nRows, nCols, ptr, idx: idx.slice(0, out), val: val.slice(0, out) };
}

/** Which interaction events (by row in `snapshot.interactions`) a matrix is built from; all when omitted. */
export type EventMask = Uint8Array | undefined;

/**
 * Member × post matrix of summed event weights. Opted-out members contribute nothing, and a member's own
 * authorship is left out: it says who wrote a post (a content feature), not what the member wants to read.
 */
export function interactionMatrix(snapshot: GraphSnapshot, keep?: EventMask): WeightedCsr {
  const { member, post, kind, weight } = snapshot.interactions;
  const authored = 0;
  const n = member.length;
  const rows = new Int32Array(n);
  const cols = new Int32Array(n);
  const vals = new Float32Array(n);
  let m = 0;
  for (let e = 0; e < n; e++) {
    if (keep !== undefined && keep[e] === 0) continue;
    if (kind[e] === authored) continue;
    const i = member[e]!;
    if (snapshot.members.optedOut[i] === 1) continue;
    const w = weight[e]!;
    if (!(w > 0)) continue;
    rows[m] = i;
    cols[m] = post[e]!;
    vals[m] = w;
    m++;
  }
  return csrFromTriplets(
    snapshot.members.ids.length,
    snapshot.posts.ids.length,
    rows.subarray(0, m),
    cols.subarray(0, m),
    vals.subarray(0, m),
  );
}

/** Each member's strongest `k` relations (padded with -1), strongest first; opted-out members have none. */
export interface RelationLists {
  k: number;
  /** [member × k] related member index or -1. */
  to: Int32Array;
  /** [member × k] relation strength (0 for padding). */
  strength: Float32Array;
}

export function strongestRelations(snapshot: GraphSnapshot, k: number): RelationLists {
  const nMembers = snapshot.members.ids.length;
  const { from, to, strength } = snapshot.relations;
  const optedOut = snapshot.members.optedOut;
  const byMember: number[][] = Array.from({ length: nMembers }, () => []);
  for (let e = 0; e < from.length; e++) {
    const a = from[e]!;
    const b = to[e]!;
    if (a === b || optedOut[a] === 1 || optedOut[b] === 1 || !(strength[e]! > 0)) continue;
    byMember[a]!.push(e);
  }
  const outTo = new Int32Array(nMembers * k).fill(-1);
  const outStrength = new Float32Array(nMembers * k);
  for (let i = 0; i < nMembers; i++) {
    // Ties broken by member index so the lists are deterministic.
    const edges = byMember[i]!.sort((x, y) => strength[y]! - strength[x]! || to[x]! - to[y]!).slice(0, k);
    edges.forEach((e, slot) => {
      outTo[i * k + slot] = to[e]!;
      outStrength[i * k + slot] = strength[e]!;
    });
  }
  return { k, to: outTo, strength: outStrength };
}

/** Member × member relation matrix (strength), symmetrised: propagation needs an undirected graph. */
export function relationMatrix(snapshot: GraphSnapshot): WeightedCsr {
  const nMembers = snapshot.members.ids.length;
  const { from, to, strength } = snapshot.relations;
  const optedOut = snapshot.members.optedOut;
  const n = from.length;
  const rows = new Int32Array(2 * n);
  const cols = new Int32Array(2 * n);
  const vals = new Float32Array(2 * n);
  let m = 0;
  for (let e = 0; e < n; e++) {
    const a = from[e]!;
    const b = to[e]!;
    if (a === b || optedOut[a] === 1 || optedOut[b] === 1 || !(strength[e]! > 0)) continue;
    // Half each way: a pair recorded in both directions ends with the mean strength on both entries.
    rows[m] = a; cols[m] = b; vals[m] = strength[e]! / 2; m++;
    rows[m] = b; cols[m] = a; vals[m] = strength[e]! / 2; m++;
  }
  return csrFromTriplets(nMembers, nMembers, rows.subarray(0, m), cols.subarray(0, m), vals.subarray(0, m));
}

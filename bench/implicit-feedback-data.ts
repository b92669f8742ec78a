/**
 * Public implicit-feedback data sets (Gowalla and LastFM as split by the LightGCN authors) as in-memory
 * GraphSnapshots: users become members, items become posts, each training pair one interaction event.
 * Loads the LightGCN splits (first written for the Gowalla spike, bench/graph-filter-on-gowalla.md) so the benchmarks train attune through its real contract.
 */
import { readFileSync } from 'node:fs';
import type { GraphSnapshot } from '../src/graph/snapshot.js';

/** A LightGCN-format file (`uid item item …` per line) as per-user item lists. */
export function readItemLists(path: string): number[][] {
  const out: number[][] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const t = line.trim();
    if (!t) continue;
    const parts = t.split(/\s+/).map(Number);
    const user = parts[0]!;
    while (out.length <= user) out.push([]);
    out[user] = parts.slice(1);
  }
  return out;
}

/** Tab-separated `a b [weight]` rows with 1-based ids (LastFM), as 0-based pairs. */
export function readPairs(path: string): { a: number; b: number; weight: number }[] {
  const out: { a: number; b: number; weight: number }[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const t = line.trim();
    if (!t) continue;
    const [a, b, w] = t.split(/\s+/).map(Number);
    if (a === undefined || b === undefined) continue;
    out.push({ a: a - 1, b: b - 1, weight: w ?? 1 });
  }
  return out;
}

export interface ImplicitFeedbackSplit {
  nUsers: number;
  nItems: number;
  train: number[][];
  test: number[][];
  /** Undirected user–user pairs (LastFM friendships), empty when the data set has none. */
  friendships: [number, number][];
}

/**
 * A snapshot of the training interactions: one channel, no authors, no times (createdAt NaN), weight 1 per pair,
 * and the friendships as relations of strength 1 in both directions (kind "reply" is as good as any: the model
 * reads strength only).
 */
export function splitToSnapshot(split: ImplicitFeedbackSplit, options: { withRelations: boolean }): GraphSnapshot {
  const { nUsers, nItems, train } = split;
  let nnz = 0;
  for (const items of train) nnz += items.length;
  const member = new Int32Array(nnz);
  const post = new Int32Array(nnz);
  let e = 0;
  train.forEach((items, u) => {
    for (const i of items) {
      member[e] = u;
      post[e] = i;
      e++;
    }
  });
  const pairs = options.withRelations ? split.friendships : [];
  const from = new Int32Array(pairs.length * 2);
  const to = new Int32Array(pairs.length * 2);
  pairs.forEach(([a, b], p) => {
    from[2 * p] = a;
    to[2 * p] = b;
    from[2 * p + 1] = b;
    to[2 * p + 1] = a;
  });
  return {
    guildId: 'benchmark',
    at: 0,
    members: {
      ids: Array.from({ length: nUsers }, (_, u) => `u${u}`),
      joinedAt: new Float64Array(nUsers).fill(Number.NaN),
      optedOut: new Uint8Array(nUsers),
    },
    channels: { ids: ['c0'], kind: new Uint8Array(1), parent: new Int32Array([-1]), nsfw: new Uint8Array(1) },
    posts: {
      ids: Array.from({ length: nItems }, (_, i) => `i${i}`),
      author: new Int32Array(nItems).fill(-1),
      channel: new Int32Array(nItems),
      thread: new Int32Array(nItems).fill(-1),
      createdAt: new Float64Array(nItems).fill(Number.NaN),
      reactionCount: new Float32Array(nItems),
      reactorCount: new Float32Array(nItems),
      replyCount: new Float32Array(nItems),
      replyDepth: new Float32Array(nItems),
      attachmentCount: new Float32Array(nItems),
    },
    interactions: {
      member,
      post,
      kind: new Uint8Array(nnz).fill(1),
      at: new Float64Array(nnz).fill(Number.NaN),
      weight: new Float32Array(nnz).fill(1),
    },
    relations: {
      from,
      to,
      strength: new Float32Array(from.length).fill(1),
      byKind: new Float32Array(from.length * 4),
      lastAt: new Float64Array(from.length).fill(Number.NaN),
    },
    contentFeatures: false,
  };
}

/** Gowalla (LightGCN split): train.txt / test.txt of `uid item item …`. */
export function loadGowalla(dir: string): ImplicitFeedbackSplit {
  const train = readItemLists(`${dir}/train.txt`);
  const test = readItemLists(`${dir}/test.txt`);
  const nUsers = Math.max(train.length, test.length);
  while (train.length < nUsers) train.push([]);
  while (test.length < nUsers) test.push([]);
  let nItems = 0;
  for (const l of [...train, ...test]) for (const i of l) if (i + 1 > nItems) nItems = i + 1;
  return { nUsers, nItems, train, test, friendships: [] };
}

/**
 * LastFM (LightGCN-PyTorch version): data1.txt train and test1.txt test pairs, trustnetwork.txt friendships
 * (symmetric; each undirected pair kept once). Listen counts are dropped: the split is used as implicit feedback,
 * as LightGCN's loader does.
 */
export function loadLastfm(dir: string): ImplicitFeedbackSplit {
  const trainPairs = readPairs(`${dir}/data1.txt`);
  const testPairs = readPairs(`${dir}/test1.txt`);
  const trust = readPairs(`${dir}/trustnetwork.txt`);
  let nUsers = 0;
  let nItems = 0;
  for (const p of [...trainPairs, ...testPairs]) {
    nUsers = Math.max(nUsers, p.a + 1);
    nItems = Math.max(nItems, p.b + 1);
  }
  for (const p of trust) nUsers = Math.max(nUsers, p.a + 1, p.b + 1);
  const train: number[][] = Array.from({ length: nUsers }, () => []);
  const test: number[][] = Array.from({ length: nUsers }, () => []);
  for (const p of trainPairs) train[p.a]!.push(p.b);
  for (const p of testPairs) test[p.a]!.push(p.b);
  const friendships: [number, number][] = [];
  for (const p of trust) if (p.a < p.b) friendships.push([p.a, p.b]);
  return { nUsers, nItems, train, test, friendships };
}

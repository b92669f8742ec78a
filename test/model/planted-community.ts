/**
 * A planted-structure guild as an in-memory GraphSnapshot: `communities` groups of members, each with its own
 * channel; members mostly react to posts of their own community, a few globally popular posts get reactions from
 * everyone (what a popularity ranking picks), and relations are strong inside a community, weak across.
 * Held-out targets are later own-community interactions, absent from the snapshot.
 */
import { noHistory, type GraphSnapshot } from '../../src/graph/snapshot.js';
import { seededRandom } from '../../src/lib/random.js';

export interface PlantedGuild {
  snapshot: GraphSnapshot;
  /** Member index → held-out post indices (own community, never in the snapshot). */
  targets: Map<number, number[]>;
  communityOf: (member: number) => number;
  /** Post indices with no interactions at all, by the community of their author. */
  freshPosts: number[][];
}

const HOUR = 3_600_000;

export function plantedGuild(options: { communities?: number; membersPer?: number; postsPer?: number; seed?: number } = {}): PlantedGuild {
  const communities = options.communities ?? 3;
  const membersPer = options.membersPer ?? 14;
  const postsPer = options.postsPer ?? 30;
  const random = seededRandom(options.seed ?? 11);
  const nMembers = communities * membersPer;
  const communityOf = (m: number) => Math.floor(m / membersPer);
  const at = 1_000 * HOUR;

  const postAuthor: number[] = [];
  const postChannel: number[] = [];
  const postCreated: number[] = [];
  const postsOf: number[][] = Array.from({ length: communities }, () => []);
  for (let c = 0; c < communities; c++) {
    for (let k = 0; k < postsPer; k++) {
      postsOf[c]!.push(postAuthor.length);
      postAuthor.push(c * membersPer + Math.floor(random() * membersPer));
      postChannel.push(c);
      postCreated.push(at - (postsPer - k) * 5 * HOUR);
    }
  }
  // Globally popular posts (one per community) that everyone reacts to.
  const popular = postsOf.map((ps) => ps[0]!);
  const freshPosts: number[][] = Array.from({ length: communities }, () => []);
  for (let c = 0; c < communities; c++) {
    for (let k = 0; k < 3; k++) {
      freshPosts[c]!.push(postAuthor.length);
      postAuthor.push(c * membersPer + k);
      postChannel.push(c);
      postCreated.push(at - HOUR);
    }
  }
  const nPosts = postAuthor.length;

  const events: { m: number; p: number; kind: number; t: number }[] = [];
  const targets = new Map<number, number[]>();
  for (let m = 0; m < nMembers; m++) {
    const own = communityOf(m);
    for (const p of popular) events.push({ m, p, kind: 1, t: postCreated[p]! + HOUR });
    for (const p of postsOf[own]!) {
      if (popular.includes(p) || postAuthor[p] === m) continue;
      const r = random();
      if (r < 0.35) events.push({ m, p, kind: random() < 0.3 ? 2 : 1, t: postCreated[p]! + 2 * HOUR });
      else if (r < 0.5) targets.set(m, [...(targets.get(m) ?? []), p]);
    }
    for (let c = 0; c < communities; c++) {
      if (c === own) continue;
      for (const p of postsOf[c]!) if (!popular.includes(p) && random() < 0.03) events.push({ m, p, kind: 1, t: postCreated[p]! + 3 * HOUR });
    }
  }
  for (let p = 0; p < nPosts; p++) events.push({ m: postAuthor[p]!, p, kind: 0, t: postCreated[p]! });
  events.sort((a, b) => a.t - b.t);

  const relFrom: number[] = [];
  const relTo: number[] = [];
  const relStrength: number[] = [];
  for (let a = 0; a < nMembers; a++) {
    for (let b = 0; b < nMembers; b++) {
      if (a === b) continue;
      const same = communityOf(a) === communityOf(b);
      if (same ? random() < 0.5 : random() < 0.05) {
        relFrom.push(a);
        relTo.push(b);
        relStrength.push(same ? 2 + 3 * random() : 0.2 + 0.3 * random());
      }
    }
  }

  const weightOf = [1, 1, 3, 2, 1];
  const snapshot: GraphSnapshot = {
    guildId: 'g-planted',
    at,
    members: {
      ids: Array.from({ length: nMembers }, (_, m) => `m${m}`),
      joinedAt: new Float64Array(nMembers).fill(0),
      optedOut: new Uint8Array(nMembers),
    },
    channels: {
      ids: Array.from({ length: communities }, (_, c) => `c${c}`),
      kind: new Uint8Array(communities),
      parent: new Int32Array(communities).fill(-1),
      nsfw: new Uint8Array(communities),
    },
    posts: {
      ids: Array.from({ length: nPosts }, (_, p) => `p${p}`),
      author: Int32Array.from(postAuthor),
      channel: Int32Array.from(postChannel),
      thread: new Int32Array(nPosts).fill(-1),
      createdAt: Float64Array.from(postCreated),
      reactionCount: Float32Array.from({ length: nPosts }, (_, p) => events.filter((e) => e.p === p && e.kind === 1).length),
      reactorCount: Float32Array.from({ length: nPosts }, (_, p) => events.filter((e) => e.p === p && e.kind === 1).length),
      replyCount: Float32Array.from({ length: nPosts }, (_, p) => events.filter((e) => e.p === p && e.kind === 2).length),
      replyDepth: new Float32Array(nPosts),
      replyTo: new Int32Array(nPosts).fill(-1),
      replyToAuthor: new Int32Array(nPosts).fill(-1),
      quality: new Float32Array(nPosts).fill(Number.NaN),
      attachmentCount: new Float32Array(nPosts),
    },
    interactions: {
      member: Int32Array.from(events.map((e) => e.m)),
      post: Int32Array.from(events.map((e) => e.p)),
      kind: Uint8Array.from(events.map((e) => e.kind)),
      at: Float64Array.from(events.map((e) => e.t)),
      weight: Float32Array.from(events.map((e) => weightOf[e.kind]!)),
    },
    relations: {
      from: Int32Array.from(relFrom),
      to: Int32Array.from(relTo),
      strength: Float32Array.from(relStrength),
      byKind: new Float32Array(relFrom.length * 4),
      lastAt: new Float64Array(relFrom.length).fill(at - HOUR),
      history: new Float32Array(relFrom.length * 4),
    },
    mentions: { post: new Int32Array(0), member: new Int32Array(0) },
    history: noHistory(),
    contentFeatures: false,
  };
  return { snapshot, targets, communityOf, freshPosts };
}

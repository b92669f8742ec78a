/**
 * The evaluation protocol, mirroring the digest: at each cut T the candidates are the posts created in
 * [T − window, T) (not deleted, not by bots); every method trains on the snapshot at T (events before T only) and
 * ranks the candidates for every member; the target is what each member engages with in [T, T + horizon) — by the
 * one definition of engagement, src/graph/engagement.ts — minus their own posts and posts they engaged with before
 * T. Members with an empty target are skipped for recall and NDCG; a cut where nobody has a target says why
 * (no-targets.ts). Every method sees the same candidates, the same exclusion mask and the same targets.
 */
import type Database from 'better-sqlite3';
import { buildSnapshot } from '../../graph/build-snapshot.js';
import type { GraphSnapshot } from '../../graph/snapshot.js';
import type { RankingMethod } from '../ranker.js';
import { targetEngagements } from './engagement-target.js';
import { coverageAtK, ndcgAtK, recallAtK } from './metrics.js';
import { explainNoTargets, type TargetFunnel } from './no-targets.js';
import { rankCandidates } from './rank-candidates.js';
import type { CutSummary, EvalOptions, EvalProtocol, EvalReport, MethodCutResult, MethodResult } from './types.js';

export type * from './types.js';

/** Everything about one cut that does not depend on the method. */
export interface PreparedCut {
  snapshot: GraphSnapshot;
  /** Candidate post indices in the snapshot. */
  candidates: Int32Array;
  /** member index → candidate post indices the member must not be shown (own, engaged before T). */
  excluded: Map<number, Set<number>>;
  /** member index → candidate post indices engaged with in [T, T + horizon), after exclusion; only non-empty sets. */
  targets: Map<number, Set<number>>;
  summary: CutSummary;
  /** The digest situation of the cut, passed to every method's train (TrainOptions.protocol). */
  protocol: Pick<EvalProtocol, 'windowMs' | 'horizonMs'>;
}

export function prepareCut(
  sqlite: Database.Database,
  guildId: string,
  at: number,
  protocol: Pick<EvalProtocol, 'windowMs' | 'horizonMs'>,
  options: Pick<EvalOptions, 'snapshotOptions'> = {},
): PreparedCut {
  const started = performance.now();
  const snapshot = buildSnapshot(sqlite, guildId, at, options.snapshotOptions);
  const snapshotMs = performance.now() - started;
  const { posts, interactions } = snapshot;

  const windowStart = at - protocol.windowMs;
  const candidateList: number[] = [];
  // Posts are in creation order, so the window is a suffix.
  for (let p = posts.ids.length - 1; p >= 0 && (posts.createdAt[p] as number) >= windowStart; p--) {
    if ((posts.author[p] as number) >= 0) candidateList.push(p);
  }
  candidateList.reverse();
  const candidates = Int32Array.from(candidateList);
  const isCandidate = new Set(candidateList);

  const excluded = new Map<number, Set<number>>();
  for (let e = 0; e < interactions.member.length; e++) {
    const post = interactions.post[e] as number;
    if (!isCandidate.has(post)) continue;
    const member = interactions.member[e] as number;
    let set = excluded.get(member);
    if (!set) excluded.set(member, (set = new Set()));
    set.add(post);
  }

  const postIndex = new Map<string, number>();
  for (const p of candidateList) postIndex.set(posts.ids[p] as string, p);
  const memberIndex = new Map(snapshot.members.ids.map((id, i) => [id, i]));
  const horizonEnd = at + protocol.horizonMs;
  const engaged = targetEngagements(sqlite, guildId, new Set(postIndex.keys()), at, horizonEnd);
  const targets = new Map<number, Set<number>>();
  const funnel: TargetFunnel = { candidates: candidates.length, engagements: engaged.total, withCandidates: 0, unknownMember: 0, engagedBefore: 0 };
  let targetPairs = 0;
  for (const [memberId, postIds] of engaged.byMember) {
    funnel.withCandidates += postIds.size;
    const member = memberIndex.get(memberId);
    if (member === undefined || snapshot.members.optedOut[member] === 1) {
      funnel.unknownMember += postIds.size;
      continue;
    }
    const mask = excluded.get(member);
    const target = new Set<number>();
    for (const id of postIds) {
      // Own posts are in the mask (authored), though engaging with one's own post never counts (engagement.ts).
      const post = postIndex.get(id) as number;
      if (mask?.has(post)) funnel.engagedBefore++;
      else target.add(post);
    }
    if (target.size > 0) {
      targets.set(member, target);
      targetPairs += target.size;
    }
  }

  return {
    snapshot,
    candidates,
    excluded,
    targets,
    protocol: { windowMs: protocol.windowMs, horizonMs: protocol.horizonMs },
    summary: {
      at,
      candidates: candidates.length,
      members: snapshot.members.ids.length,
      membersWithTarget: targets.size,
      targetPairs,
      snapshotMs,
      ...(targets.size === 0 ? { noTargets: explainNoTargets(sqlite, guildId, { at, windowStart, horizonEnd }, funnel) } : {}),
    },
  };
}

/** Trains, binds and scores one method on a prepared cut. */
export async function evaluateOnCut(
  method: RankingMethod,
  cut: PreparedCut,
  k: number,
  options: EvalOptions = {},
): Promise<MethodCutResult & { recallSum: number; ndcgSum: number }> {
  const { snapshot, candidates, excluded, targets } = cut;
  const started = performance.now();
  const params = await method.train(snapshot, {
    seed: options.seed ?? 1,
    protocol: cut.protocol,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const trainMs = performance.now() - started;
  const ranker = method.bind(params, snapshot);
  const wantRankings = options.rankings?.method === method.name ? options.rankings.onRanking : undefined;
  let recallSum = 0;
  let ndcgSum = 0;
  const topLists: number[][] = [];
  try {
    const members = wantRankings ? snapshot.members.ids.keys() : targets.keys();
    for (const member of members) {
      if (snapshot.members.optedOut[member] === 1) continue;
      options.signal?.throwIfAborted();
      const ranked =
        candidates.length === 0
          ? []
          : rankCandidates(candidates, ranker.score(member, candidates), excluded.get(member), snapshot.posts.createdAt);
      const target = targets.get(member);
      if (target) {
        recallSum += recallAtK(ranked, target, k);
        ndcgSum += ndcgAtK(ranked, target, k);
        topLists.push(ranked.slice(0, k));
      }
      wantRankings?.({
        at: snapshot.at,
        member: snapshot.members.ids[member] as string,
        items: ranked.map((p) => snapshot.posts.ids[p] as string),
      });
    }
  } finally {
    ranker.dispose();
  }
  const evaluated = targets.size;
  return {
    at: snapshot.at,
    recall: evaluated ? recallSum / evaluated : 0,
    ndcg: evaluated ? ndcgSum / evaluated : 0,
    coverage: coverageAtK(topLists, candidates.length, k),
    membersEvaluated: evaluated,
    trainMs,
    recallSum,
    ndcgSum,
  };
}

export async function evaluateMethods(
  sqlite: Database.Database,
  guildId: string,
  methods: readonly RankingMethod[],
  protocol: EvalProtocol,
  options: EvalOptions = {},
): Promise<EvalReport> {
  const names = new Set<string>();
  for (const method of methods) {
    if (names.has(method.name)) throw new Error(`two methods are named "${method.name}"`);
    names.add(method.name);
  }
  if (options.rankings && !names.has(options.rankings.method)) {
    throw new Error(`no method named "${options.rankings.method}" (have ${[...names].join(', ')})`);
  }
  const cuts = [...protocol.cuts].sort((a, b) => a - b);
  const totals = methods.map(() => ({ recallSum: 0, ndcgSum: 0, evaluated: 0, trainMs: 0, cuts: [] as MethodCutResult[] }));
  const summaries: CutSummary[] = [];
  for (const at of cuts) {
    options.signal?.throwIfAborted();
    const cut = prepareCut(sqlite, guildId, at, protocol, options);
    summaries.push(cut.summary);
    const s = cut.summary;
    options.log?.(
      `cut ${new Date(at).toISOString()}: ${s.candidates} candidates, ${s.membersWithTarget}/${s.members} members with a target ` +
        `(${s.targetPairs} pairs), snapshot ${s.snapshotMs.toFixed(0)} ms${s.noTargets ? `; ${s.noTargets}` : ''}`,
    );
    for (const [m, method] of methods.entries()) {
      const result = await evaluateOnCut(method, cut, protocol.k, options);
      const total = totals[m] as (typeof totals)[number];
      total.recallSum += result.recallSum;
      total.ndcgSum += result.ndcgSum;
      total.evaluated += result.membersEvaluated;
      total.trainMs += result.trainMs;
      const { recallSum: _r, ndcgSum: _n, ...perCut } = result;
      total.cuts.push(perCut);
      options.log?.(
        `  ${method.name}: recall@${protocol.k} ${result.recall.toFixed(4)}, ndcg@${protocol.k} ${result.ndcg.toFixed(4)}, ` +
          `train ${result.trainMs.toFixed(0)} ms`,
      );
    }
  }
  const results: MethodResult[] = methods.map((method, m) => {
    const total = totals[m] as (typeof totals)[number];
    return {
      name: method.name,
      recall: total.evaluated ? total.recallSum / total.evaluated : 0,
      ndcg: total.evaluated ? total.ndcgSum / total.evaluated : 0,
      coverage: total.cuts.length ? total.cuts.reduce((sum, c) => sum + c.coverage, 0) / total.cuts.length : 0,
      membersEvaluated: total.evaluated,
      trainMs: total.trainMs,
      cuts: total.cuts,
    };
  });
  return { guildId, protocol: { ...protocol, cuts }, cuts: summaries, methods: results };
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GraphSnapshot } from '../../../src/graph/snapshot.js';
import { chooseCuts } from '../../../src/model/eval/cuts.js';
import { evaluateMethods, prepareCut, type RankingLine } from '../../../src/model/eval/protocol.js';
import { allMethods, baselineMethods } from '../../../src/model/methods.js';
import type { RankingMethod } from '../../../src/model/ranker.js';
import { DAY, GUILD, GuildFixture, HOUR } from '../../helpers/guild-fixture.js';
import { createTempDb, type TempDb } from '../../helpers/temp-db.js';

const X = '200000000000000001';
const Y = '200000000000000002';
const Z = '200000000000000003';
const W = '200000000000000004';
const BOT = '200000000000000009';
const T = Date.parse('2026-10-10T00:00:00Z');
const protocol = { cuts: [T], windowMs: DAY, horizonMs: 2 * DAY, k: 2 };

/** Scores posts by a fixed preference order of their ids (first = best), the same for every member. */
function fixedOrder(name: string, order: string[]): RankingMethod<null> {
  return {
    name,
    train: async () => null,
    bind: (_params, snapshot: GraphSnapshot) => ({
      name,
      score: (_member, candidates) =>
        Float32Array.from(candidates, (p) => -order.indexOf(snapshot.posts.ids[p] as string)),
      dispose() {},
    }),
  };
}

describe('evaluation protocol', () => {
  let db: TempDb;
  let g: GuildFixture;

  beforeEach(() => {
    db = createTempDb();
    g = new GuildFixture(db.sqlite, GUILD, T - 30 * DAY);
    g.member(X, T - 20 * DAY).member(Y, T - 20 * DAY).member(Z, T - 20 * DAY).member(W, T - 20 * DAY).member(BOT, T - 20 * DAY, true);
    g.post({ id: 'old', author: Y, at: T - 3 * DAY })
      .post({ id: 'c1', author: X, at: T - 20 * HOUR })
      .post({ id: 'c2', author: Y, at: T - 18 * HOUR })
      .post({ id: 'c3', author: Z, at: T - 10 * HOUR })
      .post({ id: 'c4', author: W, at: T - 8 * HOUR })
      .post({ id: 'c5', author: Y, at: T - HOUR })
      .post({ id: 'cb', author: BOT, at: T - 5 * HOUR, bot: true })
      .post({ id: 'cd', author: Z, at: T - 4 * HOUR })
      .delete('cd', T - 3 * HOUR)
      .react('c2', X, T - 17 * HOUR)
      .react('c3', W, T - 9 * HOUR);
  });
  afterEach(() => db.dispose());

  /** After T: X engages with c1 (own), c2 (engaged before), c3 (reaction), c4 (reply), c5 (mention of Y 5 h after it), old (not a candidate). */
  function engageAfterCut() {
    g.react('c1', X, T + HOUR)
      .react('c2', X, T + HOUR, '🎉')
      .react('c3', X, T + 2 * HOUR)
      .post({ id: 'r4', author: X, at: T + 3 * HOUR, replyTo: 'c4' })
      .post({ id: 'm5', author: X, at: T + 4 * HOUR, mentions: [Y] })
      .react('old', X, T + 5 * HOUR)
      .react('c3', W, T + 50 * HOUR, '🎉');
  }

  it('GIVEN a cut THEN candidates are the window’s undeleted, non-bot posts and targets exclude own and already-engaged posts', () => {
    engageAfterCut();
    const cut = prepareCut(db.sqlite, GUILD, T, protocol);
    const ids = (posts: Iterable<number>) => [...posts].map((p) => cut.snapshot.posts.ids[p]).sort();
    expect(ids(cut.candidates)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    const x = cut.snapshot.members.ids.indexOf(X);
    expect(ids(cut.excluded.get(x) ?? [])).toEqual(['c1', 'c2']);
    expect(ids(cut.targets.get(x) ?? [])).toEqual(['c3', 'c4', 'c5']);
    // W's second reaction to c3 is after the horizon; its first was before T.
    expect(cut.targets.has(cut.snapshot.members.ids.indexOf(W))).toBe(false);
    expect(cut.summary).toMatchObject({ candidates: 5, membersWithTarget: 1, targetPairs: 3 });
  });

  it('GIVEN fixed rankings THEN recall@2 and NDCG@2 equal the hand-computed values, own and engaged posts masked', async () => {
    engageAfterCut();
    const lines: RankingLine[] = [];
    const report = await evaluateMethods(
      db.sqlite,
      GUILD,
      [fixedOrder('good', ['c1', 'c2', 'c4', 'c5', 'c3']), fixedOrder('bad', ['c1', 'c2', 'c3', 'c4', 'c5'].reverse())],
      { ...protocol, k: 2 },
      { rankings: { method: 'good', onRanking: (line) => lines.push(line) } },
    );
    const good = report.methods.find((m) => m.name === 'good')!;
    // X's list is c4, c5, c3 (c1, c2 masked): 2 of 3 targets in the top 2, NDCG 1 (both top slots relevant).
    expect(good.recall).toBeCloseTo(2 / 3, 9);
    expect(good.ndcg).toBeCloseTo(1, 9);
    expect(good.membersEvaluated).toBe(1);
    expect(good.coverage).toBeCloseTo(2 / 5, 9);
    const bad = report.methods.find((m) => m.name === 'bad')!;
    // Reversed: c5, c4, c3 — still two targets in the top 2.
    expect(bad.recall).toBeCloseTo(2 / 3, 9);
    expect(lines.find((l) => l.member === X)).toEqual({ at: T, member: X, items: ['c4', 'c5', 'c3'] });
    // Every snapshot member gets a line; Y's own posts are masked from Y's.
    expect(lines.map((l) => l.member).sort()).toEqual([X, Y, Z, W].sort());
    expect(lines.find((l) => l.member === Y)?.items).toEqual(['c1', 'c4', 'c3']);
  });

  it('GIVEN events after the cut THEN every method ranks every member exactly as before', async () => {
    const rank = async () => {
      const lines = new Map<string, string[]>();
      for (const method of allMethods()) {
        await evaluateMethods(db.sqlite, GUILD, [method], protocol, {
          seed: 5,
          rankings: { method: method.name, onRanking: (l) => lines.set(`${method.name} ${l.member}`, l.items) },
        });
      }
      return lines;
    };
    const before = await rank();
    engageAfterCut();
    g.member('200000000000000005', T + HOUR)
      .post({ id: 'new1', author: '200000000000000005', at: T + HOUR, replyTo: 'c3', mentions: [Z] })
      .react('c5', Z, T + 2 * HOUR)
      .react('c4', Y, T);
    const after = await rank();
    expect(before.size).toBe(allMethods().length * 4);
    expect(after).toEqual(before);
  });

  it('GIVEN two methods with one name THEN evaluation refuses to run', async () => {
    const [a] = baselineMethods();
    await expect(evaluateMethods(db.sqlite, GUILD, [a!, a!], protocol)).rejects.toThrow(/two methods are named/);
  });

  it('GIVEN a guild with activity THEN automatic cuts are day ends whose window has candidates and whose horizon has engagement', () => {
    engageAfterCut();
    const cuts = chooseCuts(db.sqlite, GUILD, { count: 3, windowMs: DAY, horizonMs: DAY, minCandidates: 3, minEngagements: 3 });
    expect(cuts).toEqual([T]);
  });
});

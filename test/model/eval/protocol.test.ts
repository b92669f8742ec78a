import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GraphSnapshot } from '../../../src/graph/snapshot.js';
import { formatReport } from '../../../src/app/cli/eval-command.js';
import { chooseCuts, selectCuts } from '../../../src/model/eval/cuts.js';
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
const FORUM = '300000000000000002';
const FORUM_POST = '500000000000000001';

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

  it('GIVEN a forum post in the window THEN posting in it after the cut makes its starter a target, unless the member was in it before', () => {
    g.channel(FORUM, 'forum', null, T - 20 * DAY)
      .channel(FORUM_POST, 'public_thread', FORUM, T - 12 * HOUR)
      .post({ id: FORUM_POST, author: Y, at: T - 12 * HOUR, channel: FORUM, thread: FORUM_POST })
      .post({ id: 'zf', author: Z, at: T - 11 * HOUR, channel: FORUM, thread: FORUM_POST })
      .post({ id: 'xf', author: X, at: T + HOUR, channel: FORUM, thread: FORUM_POST })
      .post({ id: 'zf2', author: Z, at: T + 2 * HOUR, channel: FORUM, thread: FORUM_POST });
    const cut = prepareCut(db.sqlite, GUILD, T, protocol);
    const ids = (posts: Iterable<number>) => [...posts].map((p) => cut.snapshot.posts.ids[p]).sort();
    expect(ids(cut.targets.get(cut.snapshot.members.ids.indexOf(X)) ?? [])).toEqual([FORUM_POST]);
    // Z posted in it before the cut: the starter is masked for Z, as the live filter would.
    expect(cut.targets.has(cut.snapshot.members.ids.indexOf(Z))).toBe(false);
    expect(ids(cut.excluded.get(cut.snapshot.members.ids.indexOf(Z)) ?? [])).toContain(FORUM_POST);
  });

  it('GIVEN cuts with nothing to evaluate THEN each says why in one line, and the eval table shows it', async () => {
    const reason = (at: number) => prepareCut(db.sqlite, GUILD, at, protocol).summary.noTargets;
    expect(reason(T + 10 * DAY)).toBe(
      `no targets because no posts were made in the window ${new Date(T + 9 * DAY).toISOString()} – ${new Date(T + 10 * DAY).toISOString()} ` +
        `(the guild's last recorded activity is ${new Date(T - HOUR).toISOString()})`,
    );
    expect(reason(T)).toBe(
      `no targets because nobody engaged with anything in the horizon ${new Date(T).toISOString()} – ${new Date(T + 2 * DAY).toISOString()} ` +
        `(the guild's last recorded activity is ${new Date(T - HOUR).toISOString()})`,
    );
    g.react('old', X, T + HOUR);
    expect(reason(T)).toBe("no targets because none of the 1 engagements in the horizon was with one of the window's 5 posts");
    // Reacting to one's own post is no engagement; c2 X had reacted to before; a member who joined after the cut.
    g.react('c1', X, T + HOUR).react('c2', X, T + 2 * HOUR, '🎉');
    g.member('200000000000000005', T + HOUR).react('c3', '200000000000000005', T + 2 * HOUR);
    expect(reason(T)).toBe(
      "no targets because every member's engagement with the window's posts was excluded: 1 with posts they had engaged with before the cut, 1 by members unknown at the cut or opted out",
    );
    const report = await evaluateMethods(db.sqlite, GUILD, baselineMethods().slice(0, 1), { ...protocol, cuts: [T, T + 10 * DAY] });
    const table = formatReport(report);
    expect(table).toContain(`cut ${new Date(T).toISOString()}: no targets because every member's engagement`);
    expect(table).toContain(`cut ${new Date(T + 10 * DAY).toISOString()}: no targets because no posts were made in the window`);
  });

  it('GIVEN a long history THEN spread cuts cover its whole active period, and recent cuts are the latest days', () => {
    const start = T - 40 * DAY;
    for (let d = 0; d < 30; d++) {
      for (let i = 0; i < 3; i++) {
        const id = `7000000000000${String(d).padStart(3, '0')}${i}`;
        g.post({ id, author: [X, Y, Z][i] as string, at: start + d * DAY + (i + 1) * HOUR }).react(id, W, start + (d + 1) * DAY + 2 * HOUR);
      }
    }
    const choice = { count: 3, windowMs: DAY, horizonMs: DAY, minCandidates: 3, minEngagements: 3 };
    const recent = chooseCuts(db.sqlite, GUILD, choice);
    const spread = chooseCuts(db.sqlite, GUILD, { ...choice, spread: true });
    // Each day's three posts are reacted to the next day, by W, who joined later and is known from their first
    // reaction (start + 1 d + 2 h) on: cuts from start + 2 d to start + 30 d qualify.
    expect(recent).toEqual([start + 28 * DAY, start + 29 * DAY, start + 30 * DAY]);
    expect(spread).toEqual([start + 2 * DAY, start + 16 * DAY, start + 30 * DAY]);
    // Data ends before `now`: cuts stay inside it; before the first post there is nothing.
    expect(chooseCuts(db.sqlite, GUILD, { ...choice, now: T + 400 * DAY })).toEqual(recent);
    expect(selectCuts(db.sqlite, GUILD, { ...choice, now: start - DAY }).reason).toMatch(/^no targets because nothing was recorded before /);
  });
});

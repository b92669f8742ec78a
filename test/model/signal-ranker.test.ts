import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/graph/build-snapshot.js';
import { popularityMethod, recencyMethod } from '../../src/model/baselines/count-baselines.js';
import { chooseCuts } from '../../src/model/eval/cuts.js';
import { evaluateMethods, prepareCut } from '../../src/model/eval/protocol.js';
import { decodeParams, encodeParams } from '../../src/model/params-codec.js';
import { priorVector, signalRankerConfig } from '../../src/model/signal-ranker/config.js';
import { buildEventIndex } from '../../src/model/signal-ranker/event-index.js';
import { signalRankerMethod } from '../../src/model/signal-ranker/method.js';
import type { SignalRankerParams } from '../../src/model/signal-ranker/params.js';
import { MemberProfile, POST_SIGNAL_COUNT, SIGNAL_COUNT, SIGNAL_INDEX, SIGNALS, postSignals } from '../../src/model/signal-ranker/signals.js';
import { listsAtCut } from '../../src/model/signal-ranker/training-lists.js';
import { importCommunity } from '../helpers/community-db.js';
import { DAY, GUILD, GuildFixture, HOUR } from '../helpers/guild-fixture.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';

const X = '200000000000000001';
const Y = '200000000000000002';
const Z = '200000000000000003';
const W = '200000000000000004';
const T = Date.parse('2026-10-10T00:00:00Z');
const protocol = { windowMs: DAY, horizonMs: 2 * DAY };

function signalsAt(snapshot: ReturnType<typeof buildSnapshot>, member: string, postIds: string[], at: number): Float32Array {
  const index = buildEventIndex(snapshot);
  const posts = Int32Array.from(postIds, (id) => snapshot.posts.ids.indexOf(id));
  const rows = new Float32Array(posts.length * SIGNAL_COUNT);
  new MemberProfile(index).load(snapshot.members.ids.indexOf(member), at).fill(posts, postSignals(index, posts, at), rows);
  return rows;
}

describe('signal ranker: signals and training lists', () => {
  let db: TempDb;
  let g: GuildFixture;

  beforeEach(() => {
    db = createTempDb();
    g = new GuildFixture(db.sqlite, GUILD, T - 30 * DAY);
    g.member(X, T - 20 * DAY).member(Y, T - 20 * DAY).member(Z, T - 20 * DAY).member(W, T - 20 * DAY);
    g.post({ id: 'x0', author: X, at: T - 3 * DAY })
      .post({ id: 'y0', author: Y, at: T - 3 * DAY + HOUR, replyTo: 'x0' })
      .post({ id: 'c1', author: X, at: T - 20 * HOUR })
      .post({ id: 'c2', author: Y, at: T - 18 * HOUR, replyTo: 'x0' })
      .post({ id: 'c3', author: Z, at: T - 10 * HOUR, mentions: [X] })
      .post({ id: 'c4', author: W, at: T - 8 * HOUR })
      .post({ id: 'c5', author: Y, at: T - 6 * HOUR })
      .react('c4', Z, T - 7 * HOUR)
      .react('c2', W, T - 5 * HOUR);
  });
  afterEach(() => db.dispose());

  it('GIVEN a reply to the member and a mention of them THEN those signals are set for them only, and relations follow who answered whom', () => {
    const s = buildSnapshot(db.sqlite, GUILD, T);
    const rows = signalsAt(s, X, ['c2', 'c3', 'c4'], T);
    const at = (row: number, name: keyof typeof SIGNAL_INDEX) => rows[row * SIGNAL_COUNT + SIGNAL_INDEX[name]] as number;
    expect(at(0, 'replies_to_member')).toBe(1);
    expect(at(1, 'mentions_member')).toBe(1);
    expect(at(2, 'replies_to_member') + at(2, 'mentions_member')).toBe(0);
    // Y replied to X twice: a relation from the author to the member, none the other way.
    expect(at(0, 'author_replied_to_member')).toBeGreaterThan(at(1, 'author_replied_to_member'));
    expect(at(0, 'member_replied_to_author')).toBe(0);
    // Z reacted to c4 before T: one engager, none among X's relations (X has only Y and Z).
    expect(at(2, 'engagers')).toBeCloseTo(Math.log(2), 6);
    const forZ = signalsAt(s, Z, ['c2'], T);
    expect(forZ[SIGNAL_INDEX.replies_to_member]).toBe(0);
  });

  it('GIVEN a later snapshot THEN signals read at an earlier T equal those of the snapshot built at T (nothing after T leaks in)', () => {
    const { guildId } = importCommunity(db, db.dir, { guildId: '900000000000000005', idSpace: 7, start: T - 10 * DAY });
    const at = T - 3 * DAY;
    const early = buildSnapshot(db.sqlite, guildId, at);
    const late = buildSnapshot(db.sqlite, guildId, T);
    const posts = early.posts.ids.filter((_, p) => (early.posts.createdAt[p] as number) >= at - DAY && (early.posts.author[p] as number) >= 0);
    expect(posts.length).toBeGreaterThan(20);
    let compared = 0;
    for (const member of early.members.ids.slice(0, 12)) {
      const a = signalsAt(early, member, posts, at);
      const b = signalsAt(late, member, posts, at);
      for (let i = 0; i < a.length; i++) expect(b[i], `${member} ${SIGNALS[i % SIGNAL_COUNT]?.name}`).toBeCloseTo(a[i] as number, 5);
      compared += a.filter((v) => v !== 0).length;
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('GIVEN a snapshot whose post window leaves out the older posts THEN home channels and relations still count them, as decayed history', () => {
    // Thirty days of older activity, a quiet day, then the recent posts: the window boundary falls in the quiet day.
    for (let d = 40; d > 10; d--) {
      g.post({ id: `a${d}`, author: X, at: T - d * DAY })
        .post({ id: `b${d}`, author: Y, at: T - d * DAY + HOUR, replyTo: `a${d}` })
        .react(`a${d}`, Z, T - d * DAY + 2 * HOUR);
    }
    const whole = buildSnapshot(db.sqlite, GUILD, T);
    const windowed = buildSnapshot(db.sqlite, GUILD, T, { maxPosts: 7 });
    expect(windowed.posts.ids).toEqual(['x0', 'y0', 'c1', 'c2', 'c3', 'c4', 'c5']);
    expect(windowed.history.postsFrom).toBe(T - 3 * DAY);
    const candidates = ['c1', 'c2', 'c3', 'c4', 'c5'];
    const long = ['channel_months', 'channel_share', 'member_replied_to_author', 'author_replied_to_member', 'member_reacted_to_author', 'author_reacted_to_member'] as const;
    for (const member of [X, Y, Z]) {
      const a = signalsAt(whole, member, candidates, T);
      const b = signalsAt(windowed, member, candidates, T);
      for (let i = 0; i < candidates.length; i++) {
        for (const name of long) {
          expect(b[i * SIGNAL_COUNT + SIGNAL_INDEX[name]], `${member} ${candidates[i]} ${name}`).toBeCloseTo(a[i * SIGNAL_COUNT + SIGNAL_INDEX[name]] as number, 5);
        }
      }
    }
    // The older activity is really there: Y's many replies to X make a strong relation both ways.
    const fromY = signalsAt(windowed, X, ['c2'], T);
    expect(fromY[SIGNAL_INDEX.author_replied_to_member]).toBeGreaterThan(1);
  });

  it('GIVEN a cut THEN the training lists hold the candidates the evaluation ranks and their positives are its targets', () => {
    g.react('c3', X, T + HOUR)
      .post({ id: 'r4', author: X, at: T + 3 * HOUR, replyTo: 'c4' })
      .react('c2', X, T + 50 * HOUR)
      .react('c5', Z, T + 5 * HOUR)
      .post({ id: 'late', author: W, at: T + 3 * DAY });
    const cut = prepareCut(db.sqlite, GUILD, T, protocol);
    const later = buildSnapshot(db.sqlite, GUILD, T + 4 * DAY);
    const index = buildEventIndex(later);
    const lists = listsAtCut(index, T, protocol, { listsPerCut: 100, negativesPerList: Infinity, random: () => 0.5 }, new MemberProfile(index));
    // One list per member with a target: X (c3, c4; c2 is engaged after the horizon) and Z (c5).
    expect(lists.offsets.length - 1).toBe(cut.targets.size);
    const positives: number[] = [];
    const sizes: number[] = [];
    for (let l = 0; l + 1 < lists.offsets.length; l++) {
      const from = lists.offsets[l] as number;
      const to = lists.offsets[l + 1] as number;
      sizes.push(to - from);
      positives.push(lists.positive.subarray(from, to).reduce((a, b) => a + b, 0));
    }
    const expected = [...cut.targets.entries()].sort(([a], [b]) => a - b);
    expect(positives).toEqual(expected.map(([, t]) => t.size));
    expect(sizes).toEqual(expected.map(([m]) => cut.candidates.length - (cut.excluded.get(m)?.size ?? 0)));
  });
});

describe('signal ranker: training and serving', () => {
  let db: TempDb;
  let guildId: string;
  const NOW = Date.parse('2026-10-24T00:00:00Z');

  beforeEach(() => {
    db = createTempDb();
    ({ guildId } = importCommunity(db, db.dir, { members: 40, days: 24, postsPerDay: 60, start: NOW - 24 * DAY }));
  });
  afterEach(() => db.dispose());

  it('GIVEN a community with history THEN the ranker learns from it and ranks its later days better than popularity and recency', async () => {
    const cuts = chooseCuts(db.sqlite, guildId, { count: 3, windowMs: DAY, horizonMs: 2 * DAY, now: NOW });
    expect(cuts).toHaveLength(3);
    const method = signalRankerMethod();
    const trained: SignalRankerParams[] = [];
    const recording = { ...method, train: async (...args: Parameters<typeof method.train>) => trained[trained.push(await method.train(...args)) - 1] as SignalRankerParams };
    const report = await evaluateMethods(db.sqlite, guildId, [recording, popularityMethod(), recencyMethod()], { cuts, windowMs: DAY, horizonMs: 2 * DAY, k: 10 });
    const ndcg = Object.fromEntries(report.methods.map((m) => [m.name, m.ndcg]));
    expect(report.methods[0]?.membersEvaluated).toBeGreaterThan(30);
    expect(ndcg['signal-ranker']).toBeGreaterThan(Math.max(ndcg.popularity ?? 1, ndcg.recency ?? 1) + 0.05);
    expect(trained.some((p) => p.source === 'learned')).toBe(true);
    for (const p of trained) {
      expect(p.training.cuts).toBeGreaterThan(3);
      expect(p.training.priors.map((x) => x.name).sort()).toEqual(['activity', 'balanced', 'channels', 'people', 'recency', 'threads']);
      expect(p.weights.every(Number.isFinite)).toBe(true);
    }
  }, 120_000);

  it('GIVEN the same seed THEN the same parameters; GIVEN an aborted signal THEN training stops with its reason', async () => {
    const snapshot = buildSnapshot(db.sqlite, guildId, NOW);
    const method = signalRankerMethod(signalRankerConfig({ maxCuts: 8 }));
    const a = await method.train(snapshot, { seed: 4 });
    const b = await method.train(snapshot, { seed: 4 });
    expect(b).toEqual(a);
    const controller = new AbortController();
    controller.abort(new Error('aborted: shutting down'));
    await expect(method.train(snapshot, { seed: 4, signal: controller.signal })).rejects.toThrow('aborted: shutting down');
  }, 60_000);

  it('GIVEN stored parameters and a newer snapshot THEN posts unseen at training are scored from their signals, and each reason holds', async () => {
    const method = signalRankerMethod(signalRankerConfig({ maxCuts: 8 }));
    const params = decodeParams(encodeParams(await method.train(buildSnapshot(db.sqlite, guildId, NOW - 2 * DAY), { seed: 1 }))) as SignalRankerParams;
    const snapshot = buildSnapshot(db.sqlite, guildId, NOW);
    const ranker = method.bind(params, snapshot);
    const fresh = Int32Array.from(snapshot.posts.ids.keys()).filter((p) => (snapshot.posts.createdAt[p] as number) >= NOW - 2 * DAY && (snapshot.posts.author[p] as number) >= 0);
    expect(fresh.length).toBeGreaterThan(50);
    const index = buildEventIndex(snapshot);
    const profile = new MemberProfile(index);
    const postRows = postSignals(index, fresh, NOW);
    let explained = 0;
    for (let m = 0; m < 10; m++) {
      const scores = ranker.score(m, fresh);
      expect(scores.every(Number.isFinite)).toBe(true);
      expect(new Set(scores).size).toBeGreaterThan(fresh.length / 4);
      const rows = new Float32Array(fresh.length * SIGNAL_COUNT);
      profile.load(m, NOW).fill(fresh, postRows, rows);
      ranker.explain(m, fresh).forEach((reason, i) => {
        if (!reason) return;
        explained++;
        const value = rows[i * SIGNAL_COUNT + SIGNAL_INDEX[reason.signal as keyof typeof SIGNAL_INDEX]] as number;
        if (reason.kind !== 'fresh') expect(value, reason.signal).toBeGreaterThan(0);
        if (reason.kind === 'social') expect(reason.count).toBe(Math.round(Math.expm1(value)));
      });
    }
    expect(explained).toBeGreaterThan(100);
    expect(postRows.length).toBe(fresh.length * POST_SIGNAL_COUNT);
    ranker.dispose();
    expect(() => ranker.score(0, fresh)).toThrow(/after dispose/);
  }, 60_000);

  it('GIVEN a guild with a few days of history THEN the balanced prior serves and the parameters say why', async () => {
    const small = createTempDb();
    try {
      const { guildId: id } = importCommunity(small, small.dir, { members: 8, days: 3, postsPerDay: 10, start: NOW - 3 * DAY });
      const params = await signalRankerMethod().train(buildSnapshot(small.sqlite, id, NOW), { seed: 1 });
      expect(params).toMatchObject({ source: 'prior', prior: 'balanced', l2: null });
      expect(params.weights).toEqual(priorVector('balanced'));
      expect(params.training.reason).toMatch(/too little history/);
    } finally {
      small.dispose();
    }
  }, 60_000);
});

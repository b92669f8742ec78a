import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/graph/build-snapshot.js';
import { bprMfMethod } from '../../src/model/baselines/bpr-mf.js';
import { discourseTop, redditHot } from '../../src/model/baselines/count-baselines.js';
import { baselineMethods } from '../../src/model/methods.js';
import { DAY, GUILD, GuildFixture, HOUR } from '../helpers/guild-fixture.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';

const T = Date.parse('2026-10-10T00:00:00Z');
const member = (i: number) => `2000000000000000${String(i).padStart(2, '0')}`;

describe('count baselines', () => {
  it('GIVEN Reddit hot THEN log10 of the score plus 12.5 hours of age per tenfold', () => {
    expect(redditHot(100, T, T)).toBeCloseTo(2, 9);
    expect(redditHot(0, T - 45_000_000, T)).toBeCloseTo(-1, 9);
    // Ten times the reactions, 12.5 hours older: a tie.
    expect(redditHot(10, T - 45_000_000, T)).toBeCloseTo(redditHot(1, T, T), 9);
  });

  it("GIVEN Discourse's top formula THEN 0.5 × likes + min(likes / posts, 3) + log10(posts)", () => {
    expect(discourseTop(4, 1)).toBeCloseTo(2 + 2 + Math.log10(2), 9);
    expect(discourseTop(20, 0)).toBeCloseTo(10 + 3, 9);
    expect(discourseTop(0, 9)).toBeCloseTo(1, 9);
  });
});

describe('baseline ranking methods', () => {
  let db: TempDb;
  let g: GuildFixture;

  beforeEach(() => {
    db = createTempDb();
    g = new GuildFixture(db.sqlite, GUILD, T - 30 * DAY);
    for (let i = 1; i <= 6; i++) g.member(member(i), T - 20 * DAY);
    // Two taste groups: members 1–3 react to group-A posts by member 1, members 4–6 to group-B posts by member 4.
    for (let d = 0; d < 8; d++) {
      const a = `9000000000000001${String(d).padStart(2, '0')}`;
      const b = `9000000000000002${String(d).padStart(2, '0')}`;
      g.post({ id: a, author: member(1), at: T - (10 - d) * DAY }).post({ id: b, author: member(4), at: T - (10 - d) * DAY + HOUR });
      for (const r of [2, 3]) g.react(a, member(r), T - (10 - d) * DAY + 2 * HOUR);
      for (const r of [5, 6]) g.react(b, member(r), T - (10 - d) * DAY + 2 * HOUR);
    }
    g.react('900000000000000207', member(2), T - 2 * DAY + 3 * HOUR).react('900000000000000207', member(3), T - 2 * DAY + 3 * HOUR);
  });
  afterEach(() => db.dispose());

  it('GIVEN the baselines THEN popularity follows reactions and recency follows age, the same for every member', async () => {
    const s = buildSnapshot(db.sqlite, GUILD, T);
    const candidates = Int32Array.from([s.posts.ids.indexOf('900000000000000107'), s.posts.ids.indexOf('900000000000000207')]);
    const [popularity, recency] = baselineMethods();
    const pop = popularity!.bind(await popularity!.train(s, { seed: 1 }), s);
    expect([...pop.score(0, candidates)]).toEqual([2, 4]);
    const rec = recency!.bind(await recency!.train(s, { seed: 1 }), s);
    const scores = rec.score(3, candidates);
    expect(scores[1]! - scores[0]!).toBeCloseTo(1, 3);
  });

  it('GIVEN two taste groups THEN BPR-MF ranks each group’s own posts first and its loss falls', async () => {
    const s = buildSnapshot(db.sqlite, GUILD, T);
    const losses: number[] = [];
    const method = bprMfMethod({ epochs: 60 });
    const params = await method.train(s, { seed: 7, onProgress: (p) => losses.push(p.loss ?? NaN) });
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.7);
    const ranker = method.bind(params, s);
    const candidates = Int32Array.from([s.posts.ids.indexOf('900000000000000106'), s.posts.ids.indexOf('900000000000000206')]);
    const m2 = s.members.ids.indexOf(member(2));
    const m5 = s.members.ids.indexOf(member(5));
    const [a2, b2] = ranker.score(m2, candidates);
    const [a5, b5] = ranker.score(m5, candidates);
    expect(a2!).toBeGreaterThan(b2!);
    expect(b5!).toBeGreaterThan(a5!);
  });

  it("GIVEN a post unseen at training THEN BPR-MF scores it from its author's posts, not zero", async () => {
    const trainedOn = buildSnapshot(db.sqlite, GUILD, T);
    const method = bprMfMethod({ epochs: 40 });
    const params = await method.train(trainedOn, { seed: 3 });
    g.post({ id: 'fresh-a', author: member(1), at: T + HOUR }).post({ id: 'fresh-b', author: member(4), at: T + HOUR });
    const later = buildSnapshot(db.sqlite, GUILD, T + 2 * HOUR);
    const ranker = method.bind(params, later);
    const candidates = Int32Array.from([later.posts.ids.indexOf('fresh-a'), later.posts.ids.indexOf('fresh-b')]);
    const [a, b] = ranker.score(later.members.ids.indexOf(member(3)), candidates);
    expect(a).not.toBe(0);
    expect(a!).toBeGreaterThan(b!);
  });
});

describe('discourse-top on threads and forum posts', () => {
  let db: TempDb;
  afterEach(() => db.dispose());

  it('GIVEN a forum post, a message that started a thread and a plain message THEN posts_count counts the thread’s posts as Discourse counts a topic’s', async () => {
    db = createTempDb();
    const FORUM = '300000000000000002';
    const POST = '500000000000000001';
    const THREAD = '500000000000000002';
    const g = new GuildFixture(db.sqlite, GUILD, T - 30 * DAY);
    for (let i = 1; i <= 5; i++) g.member(member(i), T - 20 * DAY);
    g.channel(FORUM, 'forum', null, T - 20 * DAY).channel(POST, 'public_thread', FORUM, T - 10 * HOUR).channel(THREAD, 'public_thread', '300000000000000001', T - 9 * HOUR);
    // A forum post with three more posts in it (one by the reply button): posts_count 4.
    g.post({ id: POST, author: member(1), at: T - 10 * HOUR, channel: FORUM, thread: POST })
      .post({ id: 'f2', author: member(2), at: T - 9 * HOUR, channel: FORUM, thread: POST })
      .post({ id: 'f3', author: member(3), at: T - 8 * HOUR, channel: FORUM, thread: POST, replyTo: POST })
      .post({ id: 'f4', author: member(1), at: T - 7 * HOUR, channel: FORUM, thread: POST });
    // A message in #general that started a thread of two posts and got one reply in the channel: 1 + 1 + 2.
    g.post({ id: THREAD, author: member(4), at: T - 9 * HOUR })
      .post({ id: 't1', author: member(5), at: T - 8 * HOUR, thread: THREAD })
      .post({ id: 't2', author: member(2), at: T - 7 * HOUR, thread: THREAD })
      .post({ id: 'r1', author: member(3), at: T - 6 * HOUR, replyTo: THREAD });
    // A plain message with one reply: posts_count 2.
    g.post({ id: 'plain', author: member(5), at: T - 5 * HOUR }).post({ id: 'r2', author: member(1), at: T - 4 * HOUR, replyTo: 'plain' });
    const s = buildSnapshot(db.sqlite, GUILD, T);
    const method = baselineMethods().find((m) => m.name === 'discourse-top')!;
    const ranker = method.bind(await method.train(s, { seed: 1 }), s);
    const ids = [POST, THREAD, 'plain'];
    const scores = ranker.score(0, Int32Array.from(ids, (id) => s.posts.ids.indexOf(id)));
    expect([...scores].map((x) => Number(x.toFixed(6)))).toEqual([discourseTop(0, 3), discourseTop(0, 3), discourseTop(0, 1)].map((x) => Number(x.toFixed(6))));
  });
});

/**
 * The baselines a member would otherwise use — channel-affinity, author-affinity, thread-participation — each on a
 * tiny named guild where the order it must produce is written out by hand from its module comment.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/graph/build-snapshot.js';
import { authorAffinityMethod } from '../../src/model/baselines/author-affinity.js';
import { channelAffinityMethod } from '../../src/model/baselines/channel-affinity.js';
import { threadParticipationMethod } from '../../src/model/baselines/thread-participation.js';
import { rankCandidates } from '../../src/model/eval/rank-candidates.js';
import { baselineMethods } from '../../src/model/methods.js';
import type { RankingMethod } from '../../src/model/ranker.js';
import { DAY, GENERAL, GUILD, GuildFixture, HOUR } from '../helpers/guild-fixture.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';

const T = Date.parse('2026-10-10T00:00:00Z');
const M = '200000000000000001';
const P = '200000000000000002';
const Q = '200000000000000003';
const R = '200000000000000004';
const S = '200000000000000005';
const ART = '300000000000000002';
const OTHER = '300000000000000003';
const FORUM = '300000000000000004';
const F1 = '500000000000000001';
const F2 = '500000000000000002';
const F3 = '500000000000000003';
const T2 = '500000000000000004';

/** The method's ranking of `candidates` for member M at T, as post ids, best first. */
async function ranking(db: TempDb, method: RankingMethod, candidates: string[]): Promise<string[]> {
  const s = buildSnapshot(db.sqlite, GUILD, T);
  const ranker = method.bind(await method.train(s, { seed: 1 }), s);
  const indices = Int32Array.from(candidates, (id) => s.posts.ids.indexOf(id));
  expect(Math.min(...indices)).toBeGreaterThanOrEqual(0);
  const ranked = rankCandidates(indices, ranker.score(s.members.ids.indexOf(M), indices), undefined, s.posts.createdAt);
  return ranked.map((p) => s.posts.ids[p] as string);
}

describe('baselines a member would otherwise use', () => {
  let db: TempDb;
  let g: GuildFixture;

  beforeEach(() => {
    db = createTempDb();
    g = new GuildFixture(db.sqlite, GUILD, T - 90 * DAY);
    for (const m of [M, P, Q, R, S]) g.member(m, T - 80 * DAY);
    g.channel(ART, 'text', null, T - 80 * DAY)
      .channel(OTHER, 'text', null, T - 80 * DAY)
      .channel(FORUM, 'forum', null, T - 80 * DAY)
      .channel(F1, 'public_thread', FORUM, T - 10 * DAY)
      .channel(F2, 'public_thread', FORUM, T - 10 * DAY)
      .channel(F3, 'public_thread', FORUM, T - 10 * DAY)
      .channel(T2, 'public_thread', GENERAL, T - 9 * DAY);
  });
  afterEach(() => db.dispose());

  it('GIVEN the listed baselines THEN the three habit baselines are among them, before BPR-MF', () => {
    expect(baselineMethods().map((m) => m.name)).toEqual([
      'popularity', 'recency', 'reddit-hot', 'discourse-top', 'channel-affinity', 'author-affinity', 'thread-participation', 'bpr-mf',
    ]);
  });

  it('GIVEN M posted 3× in #general, 1× in #art, 2× in forum post F1 THEN channel-affinity ranks by those counts (thread posts counted in their forum), then reactions, then recency', async () => {
    // Forum posts F1 and F2, started by P; M posts twice in F1.
    g.post({ id: F1, author: P, at: T - 10 * DAY, channel: FORUM, thread: F1 })
      .post({ id: F2, author: P, at: T - 10 * DAY + HOUR, channel: FORUM, thread: F2 });
    for (let i = 0; i < 3; i++) g.post({ id: `mg${i}`, author: M, at: T - (9 - i) * DAY });
    g.post({ id: 'ma', author: M, at: T - 5 * DAY, channel: ART });
    for (let i = 0; i < 2; i++) g.post({ id: `mf${i}`, author: M, at: T - (4 - i) * DAY, channel: FORUM, thread: F1 });
    // Candidates by others, with reactions.
    g.post({ id: 'g1', author: P, at: T - 10 * HOUR })
      .post({ id: 'g2', author: P, at: T - 12 * HOUR })
      .post({ id: 'g3', author: Q, at: T - 9 * HOUR })
      .post({ id: 'a1', author: P, at: T - 8 * HOUR, channel: ART })
      .post({ id: 'f1', author: Q, at: T - 7 * HOUR, channel: FORUM, thread: F1 })
      .post({ id: 'f2', author: Q, at: T - 6 * HOUR, channel: FORUM, thread: F2 })
      .post({ id: 'x1', author: Q, at: T - 5 * HOUR, channel: OTHER });
    for (const r of [Q, R]) g.react('g2', r, T - 4 * HOUR);
    for (const r of [Q, R, S]) g.react('a1', r, T - 4 * HOUR);
    g.react('f2', R, T - 4 * HOUR);
    for (const r of [P, R, S]) g.react('x1', r, T - 4 * HOUR);
    // Affinity: g1, g2, g3 3; f1, f2 2 (the forum's; M being in F1 does not count here); a1 1; x1 0. Among #general: g2
    // has reactions, then g3 is newer than g1; in the forum f2 has a reaction.
    expect(await ranking(db, channelAffinityMethod(), ['g1', 'g2', 'g3', 'a1', 'f1', 'f2', 'x1'])).toEqual(['g2', 'g3', 'g1', 'f2', 'f1', 'a1', 'x1']);
  });

  it('GIVEN M engaged with P often and recently, Q replied to M 20 days ago, S once 60 days ago THEN author-affinity ranks P, Q, S, then the rest by reactions and recency', async () => {
    g.post({ id: 'm0', author: M, at: T - 30 * DAY })
      .post({ id: 'p0', author: P, at: T - 3 * DAY })
      .post({ id: 'p1', author: P, at: T - 2 * DAY })
      .react('p0', M, T - 3 * DAY + HOUR)
      .react('p1', M, T - 2 * DAY + HOUR)
      .post({ id: 'q0', author: Q, at: T - 20 * DAY, replyTo: 'm0' })
      .post({ id: 's0', author: S, at: T - 60 * DAY })
      .react('s0', M, T - 60 * DAY + HOUR);
    g.post({ id: 'cp', author: P, at: T - 10 * HOUR })
      .post({ id: 'cq', author: Q, at: T - 9 * HOUR })
      .post({ id: 'cs', author: S, at: T - 8 * HOUR })
      .post({ id: 'cr1', author: R, at: T - 7 * HOUR })
      .post({ id: 'cr2', author: R, at: T - 6 * HOUR })
      .post({ id: 'cr3', author: R, at: T - 5 * HOUR });
    for (const r of [P, Q, S]) g.react('cr1', r, T - 4 * HOUR).react('cr3', r, T - 4 * HOUR);
    for (const r of [P, Q, S]) g.react('cq', r, T - 4 * HOUR);
    // P: 2 recent reactions (≈ 2 × 2^(−2.5/14)); Q: a reply to M 20 days ago (≈ 0.37, the other direction counts);
    // S: one reaction 60 days ago (≈ 0.05); R: nothing, so reactions then recency: cr3 (3, newer), cr1 (3), cr2 (0).
    expect(await ranking(db, authorAffinityMethod(), ['cr1', 'cr2', 'cr3', 'cs', 'cq', 'cp'])).toEqual(['cp', 'cq', 'cs', 'cr3', 'cr1', 'cr2']);
  });

  it('GIVEN M posted in forum post F1 and started thread T2 from a message THEN thread-participation ranks their posts first, then reactions, then recency', async () => {
    g.post({ id: F1, author: P, at: T - 10 * DAY, channel: FORUM, thread: F1 })
      .post({ id: F3, author: Q, at: T - 2 * DAY, channel: FORUM, thread: F3 })
      .post({ id: 'mf', author: M, at: T - 9 * DAY, channel: FORUM, thread: F1 })
      // M's message in #general starts thread T2 (the thread has the message's id).
      .post({ id: T2, author: M, at: T - 9 * DAY });
    g.post({ id: 'f1', author: Q, at: T - 10 * HOUR, channel: FORUM, thread: F1 })
      .post({ id: 't2', author: P, at: T - 9 * HOUR, thread: T2 })
      .post({ id: 'f3', author: P, at: T - 8 * HOUR, channel: FORUM, thread: F3 })
      .post({ id: 'g', author: Q, at: T - 7 * HOUR });
    for (const r of [P, Q, R, S]) g.react('g', r, T - 4 * HOUR);
    for (const r of [Q, R]) g.react('f3', r, T - 4 * HOUR);
    g.react(F3, R, T - 4 * HOUR);
    g.react('f1', R, T - 4 * HOUR);
    // In M's threads: f1 (1 reaction), t2 (0); then g (4), f3 (2), F3's starter (1).
    expect(await ranking(db, threadParticipationMethod(), ['g', 'f3', F3, 't2', 'f1'])).toEqual(['f1', 't2', 'g', 'f3', F3]);
  });

  it('GIVEN M posted in a forum post THEN its starter and its other posts are in M’s thread, above a more reacted post', async () => {
    g.post({ id: F2, author: P, at: T - 3 * DAY, channel: FORUM, thread: F2 })
      .post({ id: 'mf2', author: M, at: T - 2 * DAY, channel: FORUM, thread: F2 })
      .post({ id: 'qf2', author: Q, at: T - 20 * HOUR, channel: FORUM, thread: F2, replyTo: 'mf2' })
      .post({ id: 'g', author: Q, at: T - 7 * HOUR });
    for (const r of [P, R]) g.react('g', r, T - 4 * HOUR);
    expect(await ranking(db, threadParticipationMethod(), ['g', 'qf2', F2])).toEqual(['qf2', F2, 'g']);
  });
});

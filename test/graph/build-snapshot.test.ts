import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/graph/build-snapshot.js';
import { timeDecay } from '../../src/graph/decay.js';
import { DEFAULT_SNAPSHOT_OPTIONS } from '../../src/graph/snapshot-options.js';
import { INTERACTION_KINDS, SNAPSHOT_RELATION_KINDS, type GraphSnapshot } from '../../src/graph/snapshot.js';
import { DAY, GUILD, GuildFixture, HOUR } from '../helpers/guild-fixture.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';

const A = '200000000000000001';
const B = '200000000000000002';
const C = '200000000000000003';
const D = '200000000000000004';
const BOT = '200000000000000009';
const FORUM = '300000000000000002';
const THREAD = '300000000000000003';
const T = Date.parse('2026-10-10T00:00:00Z');

function edges(s: GraphSnapshot): string[] {
  const out: string[] = [];
  for (let e = 0; e < s.interactions.member.length; e++) {
    const member = s.members.ids[s.interactions.member[e] as number];
    const post = s.posts.ids[s.interactions.post[e] as number];
    out.push(`${member?.slice(-1)} ${INTERACTION_KINDS[s.interactions.kind[e] as number]} ${post}`);
  }
  return out.sort();
}

function relation(s: GraphSnapshot, from: string, to: string) {
  const f = s.members.ids.indexOf(from);
  const t = s.members.ids.indexOf(to);
  for (let i = 0; i < s.relations.from.length; i++) {
    if (s.relations.from[i] === f && s.relations.to[i] === t) {
      const k = SNAPSHOT_RELATION_KINDS.length;
      const counts = Object.fromEntries(SNAPSHOT_RELATION_KINDS.map((kind, j) => [kind, s.relations.byKind[i * k + j]]));
      return { strength: s.relations.strength[i] as number, counts, lastAt: s.relations.lastAt[i] };
    }
  }
  return undefined;
}

describe('buildSnapshot', () => {
  let db: TempDb;
  let g: GuildFixture;

  beforeEach(() => {
    db = createTempDb();
    g = new GuildFixture(db.sqlite, GUILD, T - 30 * DAY);
    g.member(A, T - 20 * DAY).member(B, T - 20 * DAY).member(C, T - 20 * DAY).member(BOT, T - 20 * DAY, true);
    g.channel(FORUM, 'forum', null, T - 20 * DAY).channel(THREAD, 'public_thread', FORUM, T - 41 * HOUR);
    g.post({ id: '900000000000000000', author: C, at: T - 72 * HOUR })
      .post({ id: '900000000000000001', author: A, at: T - 48 * HOUR })
      .post({ id: 's1', author: C, at: T - 40 * HOUR, channel: FORUM, thread: THREAD })
      .post({ id: 's2', author: A, at: T - 35 * HOUR, channel: FORUM, thread: THREAD })
      .post({ id: '900000000000000002', author: B, at: T - 30 * HOUR, replyTo: '900000000000000001', mentions: [C] })
      .react('900000000000000001', B, T - 20 * HOUR)
      .react('900000000000000001', B, T - 19 * HOUR, '🎉')
      .post({ id: 'pb', author: BOT, at: T - 10 * HOUR, bot: true })
      .react('pb', A, T - 9 * HOUR)
      .post({ id: 's3', author: A, at: T - 5 * HOUR, channel: FORUM, thread: THREAD })
      .post({ id: 'pd', author: B, at: T - 3 * HOUR })
      .delete('pd', T - 2 * HOUR);
  });
  afterEach(() => db.dispose());

  it('GIVEN a small guild THEN members, posts and counts hold only non-bot, undeleted activity before the cut', () => {
    g.member(D, T + HOUR).post({ id: 'late', author: D, at: T + HOUR });
    const s = buildSnapshot(db.sqlite, GUILD, T);
    expect(s.members.ids).toEqual([A, B, C]);
    expect(s.members.optedOut).toEqual(new Uint8Array(3));
    expect(s.posts.ids).toEqual(['900000000000000000', '900000000000000001', 's1', 's2', '900000000000000002', 'pb', 's3']);
    const p1 = s.posts.ids.indexOf('900000000000000001');
    expect(s.posts.reactionCount[p1]).toBe(2);
    expect(s.posts.reactorCount[p1]).toBe(1);
    expect(s.posts.replyCount[p1]).toBe(1);
    expect(s.posts.replyDepth[s.posts.ids.indexOf('900000000000000002')]).toBe(1);
    expect(s.posts.author[s.posts.ids.indexOf('pb')]).toBe(-1);
    const thread = s.channels.ids.indexOf(THREAD);
    expect(s.channels.kind[thread]).toBe(3);
    expect(s.channels.parent[thread]).toBe(s.channels.ids.indexOf(FORUM));
    expect(s.posts.thread[s.posts.ids.indexOf('s2')]).toBe(thread);
  });

  it('GIVEN every interaction kind THEN one edge per event with the documented definitions', () => {
    const s = buildSnapshot(db.sqlite, GUILD, T);
    expect(edges(s)).toEqual(
      [
        '1 authored 900000000000000001',
        '1 authored s2',
        '1 authored s3',
        '1 reaction pb',
        // A posted in C's thread: an edge to its starter, at A's latest post there.
        '1 thread s1',
        '2 authored 900000000000000002',
        '2 reaction 900000000000000001',
        '2 reply 900000000000000001',
        // B mentioned C in #general, but C's message there is 42 hours older and the thread is another conversation:
        // no engagement (the mention still counts as a relation, below).
        '3 authored 900000000000000000',
        '3 authored s1',
      ].sort(),
    );
    const reply = [...s.interactions.kind].findIndex((k) => INTERACTION_KINDS[k] === 'reply');
    expect(s.interactions.weight[reply]).toBeCloseTo(3 * Math.pow(2, -30 / (14 * 24)), 6);
    const thread = [...s.interactions.kind].findIndex((k) => INTERACTION_KINDS[k] === 'thread');
    expect(s.interactions.at[thread]).toBe(T - 5 * HOUR);
  });

  it('GIVEN replies, reactions, mentions and a shared thread THEN relation strength is log(1 + Σ weight × decay) per pair', () => {
    const s = buildSnapshot(db.sqlite, GUILD, T);
    const half = DEFAULT_SNAPSHOT_OPTIONS.relationHalfLifeMs;
    const ba = relation(s, B, A);
    expect(ba?.counts).toEqual({ reply: 1, mention: 0, reaction: 2, co_thread: 0 });
    expect(ba?.strength).toBeCloseTo(
      Math.log1p(3 * timeDecay(T, T - 30 * HOUR, half) + timeDecay(T, T - 20 * HOUR, half) + timeDecay(T, T - 19 * HOUR, half)),
      5,
    );
    expect(relation(s, B, C)?.counts.mention).toBe(1);
    // Co-participation goes both ways, from the moment the second member posted in the thread.
    expect(relation(s, A, C)?.counts.co_thread).toBe(1);
    expect(relation(s, C, A)?.lastAt).toBe(T - 35 * HOUR);
    // The bot is no one's relation.
    expect(s.relations.from.length).toBe(4);
  });

  it('GIVEN a reply, a mention, a scored post and a demoted one THEN reply targets, who each post mentions and moderation verdicts known before the cut', () => {
    const insertScore = db.sqlite.prepare(`INSERT INTO post_quality_scores (post_id, guild_id, score, scored_at) VALUES (?, ?, ?, ?)`);
    insertScore.run('s2', GUILD, 0.8, T - HOUR);
    insertScore.run('s3', GUILD, 0.3, T + HOUR);
    db.sqlite.prepare(`INSERT INTO post_demotions (post_id, guild_id, moderator_id, at) VALUES (?, ?, ?, ?)`).run('s1', GUILD, A, T - 2 * HOUR);
    const s = buildSnapshot(db.sqlite, GUILD, T);
    const post = (id: string) => s.posts.ids.indexOf(id);
    expect(s.posts.replyTo[post('900000000000000002')]).toBe(post('900000000000000001'));
    expect(s.posts.replyTo[post('900000000000000001')]).toBe(-1);
    expect([...s.mentions.post]).toEqual([post('900000000000000002')]);
    expect([...s.mentions.member]).toEqual([s.members.ids.indexOf(C)]);
    expect(s.posts.quality[post('s2')]).toBeCloseTo(0.8, 6);
    // Scored after the cut: not known at it.
    expect(s.posts.quality[post('s3')]).toBeNaN();
    expect(s.posts.quality[post('s1')]).toBe(0);
  });

  it('GIVEN the member_relations view THEN the snapshot counts the same relation events per pair and kind', () => {
    g.post({ id: 'r2', author: C, at: T - 2 * HOUR, replyTo: '900000000000000002', mentions: [A, B] }).react('s3', B, T - HOUR);
    const s = buildSnapshot(db.sqlite, GUILD, T);
    const fromView = new Map<string, number>();
    const rows = db.sqlite
      .prepare(`SELECT kind, from_id AS f, to_id AS t, COUNT(*) AS n FROM member_relations WHERE guild_id = ? AND at < ? GROUP BY 1, 2, 3`)
      .all(GUILD, T) as { kind: string; f: string; t: string; n: number }[];
    for (const { kind, f, t, n } of rows) {
      fromView.set(`${f} ${t} ${kind}`, n);
      if (kind === 'co_thread') fromView.set(`${t} ${f} ${kind}`, n);
    }
    const fromSnapshot = new Map<string, number>();
    const k = SNAPSHOT_RELATION_KINDS.length;
    for (let i = 0; i < s.relations.from.length; i++) {
      SNAPSHOT_RELATION_KINDS.forEach((kind, j) => {
        const n = s.relations.byKind[i * k + j] as number;
        if (n > 0) fromSnapshot.set(`${s.members.ids[s.relations.from[i] as number]} ${s.members.ids[s.relations.to[i] as number]} ${kind}`, n);
      });
    }
    expect(fromView.size).toBeGreaterThanOrEqual(7);
    expect(fromSnapshot).toEqual(fromView);
  });

  it('GIVEN content_features off THEN no text; turned on THEN the text of each post', () => {
    expect(buildSnapshot(db.sqlite, GUILD, T).posts.text).toBeUndefined();
    expect(buildSnapshot(db.sqlite, GUILD, T).contentFeatures).toBe(false);
    db.sqlite.prepare(`UPDATE guilds SET content_features = 1 WHERE id = ?`).run(GUILD);
    const s = buildSnapshot(db.sqlite, GUILD, T);
    expect(s.contentFeatures).toBe(true);
    expect(s.posts.text?.[s.posts.ids.indexOf('s2')]).toBe('post s2');
  });

  it('GIVEN a member opted out THEN they, their posts, their interactions and their relations are not in the snapshot', () => {
    db.sqlite.prepare(`INSERT INTO privacy_opt_outs (guild_id, user_id, at) VALUES (?, ?, ?)`).run(GUILD, C, T - DAY);
    const s = buildSnapshot(db.sqlite, GUILD, T);
    expect(s.members.ids).toEqual([A, B]);
    expect(s.posts.ids).not.toContain('s1');
    expect(s.posts.ids).not.toContain('900000000000000000');
    expect(edges(s).some((e) => e.startsWith('3 ') || e.includes(' s1'))).toBe(false);
    // B mentioned C and A shared C's thread: no relation points at or from C any more.
    const c = s.members.ids.indexOf(C);
    expect(c).toBe(-1);
    expect([...s.relations.to].every((to) => to < 2)).toBe(true);
  });

  it('GIVEN events after the cut THEN the snapshot at the cut is unchanged', () => {
    const before = buildSnapshot(db.sqlite, GUILD, T);
    g.member(D, T + HOUR)
      .post({ id: 'after1', author: D, at: T + HOUR, replyTo: '900000000000000001', mentions: [A] })
      .post({ id: 'after2', author: C, at: T + 2 * HOUR, channel: FORUM, thread: THREAD })
      .react('900000000000000002', C, T + 3 * HOUR)
      .react('900000000000000002', A, T);
    expect(buildSnapshot(db.sqlite, GUILD, T)).toEqual(before);
  });

  it('GIVEN custom weights THEN edge weights follow them', () => {
    const s = buildSnapshot(db.sqlite, GUILD, T, { interactionWeights: { ...DEFAULT_SNAPSHOT_OPTIONS.interactionWeights, reply: 10 }, interactionHalfLifeMs: 30 * HOUR });
    const reply = [...s.interactions.kind].findIndex((k) => INTERACTION_KINDS[k] === 'reply');
    expect(s.interactions.weight[reply]).toBeCloseTo(5, 6);
  });
});

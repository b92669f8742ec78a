/**
 * The one definition of engagement (src/graph/engagement.ts) as the snapshot, the evaluation target and the live
 * "already engaged" filter each apply it: the same (member, post) pairs from the same history.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/graph/build-snapshot.js';
import { engagementsBetween, MemberEngagementReader, MENTION_ENGAGEMENT_WINDOW_MS } from '../../src/graph/engagement.js';
import { INTERACTION_KINDS } from '../../src/graph/snapshot.js';
import { targetEngagements } from '../../src/model/eval/engagement-target.js';
import { LiveMemberContext } from '../../src/recommend/member-context.js';
import { GENERAL, GUILD, GuildFixture, HOUR } from '../helpers/guild-fixture.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';

const A = '200000000000000001';
const B = '200000000000000002';
const C = '200000000000000003';
const D = '200000000000000004';
const BOT = '200000000000000009';
const FORUM = '300000000000000002';
/** A forum post: the thread and its first message share this id, as on Discord. */
const FORUM_POST = '500000000000000001';
/** A thread started from a message in #general: thread and message share this id. */
const TEXT_THREAD = '500000000000000002';
/** A thread started without a message (no post has its id): its earliest message is the starter. */
const PLAIN_THREAD = '500000000000000003';
const T = Date.parse('2026-10-10T00:00:00Z');
const name = (id: string) => ({ [A]: 'A', [B]: 'B', [C]: 'C', [D]: 'D' })[id] ?? id;

/** Every engagement in the fixture, as `member kind post`. */
const EXPECTED = [
  'B reaction a1',
  'C reply a1',
  `B thread ${FORUM_POST}`,
  `A thread ${TEXT_THREAD}`,
  'C thread p1',
  'A mention c2',
  'D mention b3',
  'B reply c2',
].sort();

describe('engagement: one definition for the snapshot, the evaluation target and the live filter', () => {
  let db: TempDb;
  let g: GuildFixture;

  beforeEach(() => {
    db = createTempDb();
    g = new GuildFixture(db.sqlite, GUILD, T - 30 * 24 * HOUR);
    for (const m of [A, B, C, D]) g.member(m, T - 20 * 24 * HOUR);
    g.member(BOT, T - 20 * 24 * HOUR, true);
    g.channel(FORUM, 'forum', null, T - 20 * 24 * HOUR)
      .channel(FORUM_POST, 'public_thread', FORUM, T - 7 * HOUR)
      .channel(TEXT_THREAD, 'public_thread', GENERAL, T - 5 * HOUR)
      .channel(PLAIN_THREAD, 'private_thread', GENERAL, T - 3 * HOUR);
    g.post({ id: 'a1', author: A, at: T - 10 * HOUR })
      .react('a1', B, T - 9 * HOUR)
      .react('a1', A, T - 9 * HOUR) // own post: not engagement
      .react('a1', BOT, T - 9 * HOUR) // a bot: never
      .post({ id: 'c1', author: C, at: T - 8 * HOUR, replyTo: 'a1' })
      // A forum post; B posts in it without the reply button; A answers in their own post (not engagement).
      .post({ id: FORUM_POST, author: A, at: T - 7 * HOUR, channel: FORUM, thread: FORUM_POST })
      .post({ id: 'b2', author: B, at: T - 6 * HOUR, channel: FORUM, thread: FORUM_POST })
      .post({ id: 'a2', author: A, at: T - 6 * HOUR + 1, channel: FORUM, thread: FORUM_POST })
      .post({ id: 'bot1', author: BOT, at: T - 6 * HOUR + 2, channel: FORUM, thread: FORUM_POST, bot: true })
      // C's message in #general starts a thread; A posts in it.
      .post({ id: TEXT_THREAD, author: C, at: T - 5 * HOUR })
      .post({ id: 'a3', author: A, at: T - 4 * HOUR, thread: TEXT_THREAD })
      // A thread without a starter message: B's first message there stands for it.
      .post({ id: 'p1', author: B, at: T - 3 * HOUR, thread: PLAIN_THREAD })
      .post({ id: 'c3', author: C, at: T - 2.5 * HOUR, thread: PLAIN_THREAD })
      // B mentions A 8 hours after A's last message in #general (A posted in a thread since): too late, nothing.
      .post({ id: 'b3', author: B, at: T - 2 * HOUR, mentions: [A] })
      // A mentions C half an hour after C's message in #general: engages with it.
      .post({ id: 'c2', author: C, at: T - 1.5 * HOUR })
      .post({ id: 'a4', author: A, at: T - 1 * HOUR, mentions: [C] })
      // D mentions B in #general 70 minutes after B's message there (B's later forum message is elsewhere).
      .post({ id: 'd1', author: D, at: T - 50 * 60_000, mentions: [B] })
      // B replies to c2 and Discord pings C: the reply, not a mention.
      .post({ id: 'b4', author: B, at: T - 40 * 60_000, replyTo: 'c2', mentions: [C] })
      // A deleted message: neither engagement with it nor by it counts.
      .post({ id: 'x1', author: D, at: T - 30 * 60_000 })
      .react('x1', C, T - 25 * 60_000)
      .post({ id: 'x2', author: D, at: T - 20 * 60_000, replyTo: 'a1' })
      .delete('x1', T - 10 * 60_000)
      .delete('x2', T - 10 * 60_000);
  });
  afterEach(() => db.dispose());

  it('GIVEN a reaction, a reply, forum, thread and plain-thread posts and mentions THEN engagementsBetween finds exactly the engagements', () => {
    const found = engagementsBetween(db.sqlite, GUILD, Number.MIN_SAFE_INTEGER, T).map((e) => `${name(e.member)} ${e.kind} ${e.post}`);
    expect(found.sort()).toEqual(EXPECTED);
  });

  it('GIVEN the same history THEN the snapshot holds the same engagements as interactions (besides authorship)', () => {
    const s = buildSnapshot(db.sqlite, GUILD, T);
    const edges: string[] = [];
    for (let e = 0; e < s.interactions.member.length; e++) {
      const kind = INTERACTION_KINDS[s.interactions.kind[e] as number];
      if (kind === 'authored') continue;
      edges.push(`${name(s.members.ids[s.interactions.member[e] as number] as string)} ${kind} ${s.posts.ids[s.interactions.post[e] as number]}`);
    }
    expect(edges.sort()).toEqual(EXPECTED);
  });

  it('GIVEN the same history THEN an evaluation target over it holds the same (member, post) pairs', () => {
    const allPosts = new Set(db.sqlite.prepare(`SELECT id FROM posts`).pluck().all() as string[]);
    const { byMember } = targetEngagements(db.sqlite, GUILD, allPosts, Number.MIN_SAFE_INTEGER, T);
    const pairs = [...byMember].flatMap(([member, posts]) => [...posts].map((post) => `${name(member)} ${post}`));
    expect(pairs.sort()).toEqual(EXPECTED.map((e) => e.replace(/ \S+ /, ' ')).sort());
  });

  it('GIVEN the same history THEN the live filter sees the same posts, member by member, with their authors', () => {
    const reader = new MemberEngagementReader(db.sqlite);
    const live = new LiveMemberContext(db.sqlite);
    const expectedFor = (m: string) => EXPECTED.filter((e) => e.startsWith(`${name(m)} `)).map((e) => e.split(' ')[2]).sort();
    for (const m of [A, B, C, D]) {
      expect(reader.since(GUILD, m, 0).map((e) => e.post).sort(), name(m)).toEqual(expectedFor(m));
      expect([...live.load(GUILD, m, 0).engagedSinceSnapshot].sort(), name(m)).toEqual(expectedFor(m));
    }
    expect(reader.since(GUILD, A, 0).find((e) => e.post === TEXT_THREAD)?.author).toBe(C);
    expect([...live.load(GUILD, B, 0).authorsEngagedSinceSnapshot].sort()).toEqual([A, C]);
    // Only what happened since the given time: A's thread post (T − 4 h) and mention (T − 1 h), not before.
    expect(reader.since(GUILD, A, T - 2 * HOUR).map((e) => e.post)).toEqual(['c2']);
  });

  it('GIVEN a mention just inside or just outside the window after the author’s message THEN only the first engages', () => {
    g.post({ id: 'd2', author: D, at: T + HOUR })
      .post({ id: 'in', author: A, at: T + HOUR + MENTION_ENGAGEMENT_WINDOW_MS, mentions: [D] })
      .post({ id: 'out', author: B, at: T + HOUR + MENTION_ENGAGEMENT_WINDOW_MS + 1, mentions: [D] });
    const found = engagementsBetween(db.sqlite, GUILD, T, T + 24 * HOUR).map((e) => `${name(e.member)} ${e.kind} ${e.post}`);
    expect(found).toEqual(['A mention d2']);
    const s = buildSnapshot(db.sqlite, GUILD, T + 24 * HOUR);
    const mentions = [...s.interactions.kind].flatMap((k, e) =>
      INTERACTION_KINDS[k] === 'mention' ? [`${name(s.members.ids[s.interactions.member[e] as number] as string)} ${s.posts.ids[s.interactions.post[e] as number]}`] : [],
    );
    expect(mentions.sort()).toEqual(['A c2', 'A d2', 'D b3']);
  });
});

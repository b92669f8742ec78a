/**
 * GIVEN recorded activity written the way the ingest worker writes it THEN the economy sync derives the ledger:
 * each event pays once, removals are compensated, farming patterns earn nothing, and badges are awarded once, also
 * across a restart.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ECONOMY_CONFIG, updateEconomyConfig } from '../../src/economy/config.js';
import { reversePostRewards } from '../../src/economy/reversal.js';
import { archivedStandings, currentSeason, startSeason } from '../../src/economy/seasons.js';
import { openDatabase } from '../../src/db/connection.js';
import { DAY, EconomyWorld, GUILD, T0 } from './helpers.js';

const A = '300000000000000001';
const B = '300000000000000002';
const C = '300000000000000003';
const NEW = '300000000000000004';
const BOT = '300000000000000005';
const OLD = T0 - 30 * DAY;
const cfg = DEFAULT_ECONOMY_CONFIG;

let world: EconomyWorld;
afterEach(() => world?.dispose());

function standardMembers(w: EconomyWorld): void {
  w.member(A, OLD);
  w.member(B, OLD);
  w.member(C, OLD);
  w.member(NEW, T0 - DAY);
  w.member(BOT, OLD, true);
}

describe('economy sync', () => {
  it('GIVEN a post, a reaction and a reply THEN each pays its rule once, even when the events are replayed', async () => {
    world = new EconomyWorld();
    standardMembers(world);
    world.post('400000000000000001', A, T0 + 1000);
    world.react('400000000000000001', B, T0 + 2000);
    world.post('400000000000000002', C, T0 + 3000, { replyTo: '400000000000000001', replyToAuthor: A });
    await world.economy.flush();
    // Replays: the gateway redelivers, then the backfill sees the same messages again.
    world.post('400000000000000001', A, T0 + 1000);
    world.react('400000000000000001', B, T0 + 2000);
    world.react('400000000000000001', B, T0 + 2500, '🎉');
    await world.economy.flush();
    await world.economy.sweep();
    expect(world.balance(A)).toBe(cfg.post.points + cfg.reactionReceived.points + cfg.replyReceived.points);
    expect(world.balance(C)).toBe(cfg.post.points);
    expect(world.rows(`SELECT source_key FROM points_ledger WHERE member_id = ? ORDER BY source_key`, A)).toEqual([
      { source_key: 'post:400000000000000001' },
      { source_key: 'reaction:400000000000000001:300000000000000002' },
      { source_key: 'reply:400000000000000002' },
    ]);
  });

  it('GIVEN a removed reaction and a deleted message THEN compensating entries take the points back, once; a re-added reaction does not pay again', async () => {
    world = new EconomyWorld();
    standardMembers(world);
    world.post('400000000000000001', A, T0 + 1000);
    world.react('400000000000000001', B, T0 + 2000);
    world.post('400000000000000002', C, T0 + 3000, { replyTo: '400000000000000001', replyToAuthor: A });
    await world.economy.flush();
    world.unreact('400000000000000001', B);
    await world.economy.flush();
    expect(world.entry('reverse:reaction:400000000000000001:300000000000000002')).toMatchObject({ delta: -cfg.reactionReceived.points, memberId: A });
    world.react('400000000000000001', B, T0 + 9000);
    await world.economy.flush();
    world.deletePost('400000000000000002', T0 + 10_000);
    await world.economy.flush();
    await world.economy.sweep();
    expect(world.entry('reverse:reply:400000000000000002')).toMatchObject({ delta: -cfg.replyReceived.points, memberId: A });
    expect(world.entry('reverse:post:400000000000000002')).toMatchObject({ delta: -cfg.post.points, memberId: C });
    expect(world.balance(A)).toBe(cfg.post.points);
    expect(world.balance(C)).toBe(0);
    expect(world.rows(`SELECT COUNT(*) AS n FROM points_ledger WHERE kind = 'reversal'`)).toEqual([{ n: 3 }]);
  });

  it('GIVEN a reactor who was erased (their reaction gone, the award anonymised) THEN neither a flush nor a sweep takes the author\'s points back, while a deleted post still reverses', async () => {
    world = new EconomyWorld();
    standardMembers(world);
    world.post('400000000000000001', A, T0 + 1000);
    world.post('400000000000000003', C, T0 + 2000);
    world.react('400000000000000001', B, T0 + 3000);
    world.react('400000000000000003', B, T0 + 4000);
    await world.economy.flush();
    const before = world.balance(A);
    // What erasePersonalData does to B (src/privacy/personal-data-economy.ts), minus the rest of B's rows.
    world.db.sqlite.transaction(() => {
      world.db.sqlite.prepare(`DELETE FROM reactions WHERE user_id = ?`).run(B);
      world.db.sqlite
        .prepare(`UPDATE points_ledger SET actor_id = 'erased:00000000000000aa', source_key = replace(source_key, ?, 'erased:00000000000000aa') WHERE actor_id = ?`)
        .run(B, B);
    })();
    world.apply([{ kind: 'reactionRemoved', messageId: '400000000000000001', userId: B, emoji: '👍' }]);
    await world.economy.flush();
    await world.economy.sweep();
    expect(world.balance(A)).toBe(before);
    expect(world.rows(`SELECT COUNT(*) AS n FROM points_ledger WHERE kind = 'reversal'`)).toEqual([{ n: 0 }]);
    // The author deleting their own post still takes back everything it earned, the anonymous reaction included.
    world.deletePost('400000000000000003', T0 + 5000);
    await world.economy.flush();
    expect(world.entry('reverse:reaction:400000000000000003:erased:00000000000000aa')).toMatchObject({ delta: -cfg.reactionReceived.points, memberId: C });
  });

  it('GIVEN self-reactions, self-replies, a new member\'s reaction and bots THEN none of them earns anything, and the ledger says why', async () => {
    world = new EconomyWorld();
    standardMembers(world);
    world.post('400000000000000001', A, T0 + 1000);
    world.react('400000000000000001', A, T0 + 2000);
    world.post('400000000000000002', A, T0 + 120_000, { replyTo: '400000000000000001', replyToAuthor: A });
    world.react('400000000000000001', NEW, T0 + 3000);
    world.post('400000000000000003', BOT, T0 + 4000, { isBot: true });
    world.react('400000000000000003', B, T0 + 5000);
    world.post('400000000000000004', B, T0 + 6000, { replyTo: '400000000000000003', replyToAuthor: BOT });
    await world.economy.flush();
    expect(world.entry(`reaction:400000000000000001:${A}`)).toMatchObject({ delta: 0, denial: 'self' });
    expect(world.entry('reply:400000000000000002')).toMatchObject({ delta: 0, denial: 'self' });
    expect(world.entry(`reaction:400000000000000001:${NEW}`)).toMatchObject({ delta: 0, denial: 'new_member' });
    expect(world.rows(`SELECT * FROM points_ledger WHERE member_id = ?`, BOT)).toEqual([]);
    expect(world.entry('reply:400000000000000004')).toBeUndefined();
    expect(world.balance(A)).toBe(2 * cfg.post.points);
  });

  it('GIVEN two members rewarding each other over and over THEN only pairDailyCap rewards a day count, both directions together', async () => {
    world = new EconomyWorld();
    standardMembers(world);
    for (let i = 0; i < 6; i++) {
      world.post(`40000000000000010${i}`, i % 2 === 0 ? A : B, T0 + i * 120_000);
    }
    for (let i = 0; i < 6; i++) world.react(`40000000000000010${i}`, i % 2 === 0 ? B : A, T0 + i * 120_000 + 1000);
    world.post('400000000000000200', A, T0 + 7 * 120_000, { replyTo: '400000000000000101', replyToAuthor: B });
    await world.economy.flush();
    const paid = world.rows<{ n: number }>(
      `SELECT COUNT(*) AS n FROM points_ledger WHERE reason IN ('reaction_received','reply_received') AND delta > 0`,
    )[0]!.n;
    expect(paid).toBe(cfg.pairDailyCap);
    expect(world.rows(`SELECT COUNT(*) AS n FROM points_ledger WHERE denial = 'pair_cap'`)).toEqual([{ n: 7 - cfg.pairDailyCap }]);
    // The next UTC day the pair earns again.
    world.post('400000000000000300', A, T0 + DAY + 1000);
    world.react('400000000000000300', B, T0 + DAY + 2000);
    await world.economy.flush();
    expect(world.entry(`reaction:400000000000000300:${B}`)?.delta).toBe(cfg.reactionReceived.points);
  });

  it('GIVEN rapid posts and many posts in a day THEN the cooldown and the daily cap apply', async () => {
    world = new EconomyWorld();
    standardMembers(world);
    world.post('400000000000000001', A, T0);
    world.post('400000000000000002', A, T0 + 30_000);
    for (let i = 0; i < 30; i++) world.post(`4000000000000010${String(i).padStart(2, '0')}`, B, T0 + i * 61_000);
    await world.economy.flush();
    expect(world.entry('post:400000000000000002')).toMatchObject({ delta: 0, denial: 'cooldown' });
    expect(world.balance(B)).toBe(cfg.post.dailyCap);
  });

  it('GIVEN a post confirmed low quality THEN its rewards are reversed once and it earns nothing afterwards', async () => {
    world = new EconomyWorld();
    standardMembers(world);
    world.post('400000000000000001', A, T0 + 1000);
    world.react('400000000000000001', B, T0 + 2000);
    await world.economy.flush();
    const first = reversePostRewards(world.db.sqlite, { guildId: GUILD, postId: '400000000000000001', at: T0 + 5000, reason: 'low_quality', by: C });
    const second = reversePostRewards(world.db.sqlite, { guildId: GUILD, postId: '400000000000000001', at: T0 + 6000, reason: 'low_quality', by: C });
    expect(first).toEqual([A]);
    expect(second).toEqual([]);
    world.react('400000000000000001', C, T0 + 7000);
    await world.economy.flush();
    await world.economy.sweep();
    expect(world.balance(A)).toBe(0);
    expect(world.entry(`reaction:400000000000000001:${C}`)).toMatchObject({ delta: 0, denial: 'low_quality' });
    expect(world.rows(`SELECT actor_id AS by, note FROM points_ledger WHERE kind = 'reversal'`)).toEqual([
      { by: C, note: 'low_quality' },
      { by: C, note: 'low_quality' },
    ]);
  });

  it('GIVEN activity written while the economy was not running (an import, downtime) THEN the sweep pays it, and a second sweep changes nothing', async () => {
    world = new EconomyWorld();
    standardMembers(world);
    world.store.apply([
      { kind: 'post', post: { id: '400000000000000001', guildId: GUILD, channelId: '200000000000000001', threadId: null, authorId: A, authorIsBot: false, createdAt: T0, editedAt: null, replyToId: null, replyToAuthorId: null, attachmentCount: 0, content: null, mentionedUserIds: [], source: 'import' } },
      { kind: 'reactionAdded', reaction: { guildId: GUILD, messageId: '400000000000000001', userId: B, emoji: '👍', emojiName: null, at: T0 + 1 } },
    ]);
    await world.economy.sweep();
    const after = world.rows(`SELECT * FROM points_ledger ORDER BY id`);
    expect(world.balance(A)).toBe(cfg.post.points + cfg.reactionReceived.points);
    await world.economy.sweep();
    expect(world.rows(`SELECT * FROM points_ledger ORDER BY id`)).toEqual(after);
  });

  it('GIVEN badges earned THEN each is awarded and announced once, also after a restart re-evaluates everyone', async () => {
    world = new EconomyWorld();
    standardMembers(world);
    world.post('400000000000000001', A, T0);
    world.post('400000000000000002', A, T0 + 120_000, { replyTo: '400000000000000001', replyToAuthor: A });
    world.react('400000000000000002', B, T0 + 130_000);
    await world.economy.flush();
    expect(world.economy.badges.held(GUILD, A).sort()).toEqual(['first_post', 'first_reply_with_reactions']);
    // A restart: a fresh service on a reopened connection sweeps and re-evaluates.
    world.economy.stop();
    const reopened = openDatabase(world.db.path);
    try {
      const { EconomyService } = await import('../../src/economy/service.js');
      const { silentLogger } = await import('../../src/ops/log.js');
      const restarted = new EconomyService({ sqlite: reopened.sqlite, db: reopened.db, log: silentLogger, now: () => T0 + DAY });
      await restarted.sweep();
      restarted.afterChange(new Map([[GUILD, new Set([A, B])]]));
      await restarted.idle();
    } finally {
      reopened.close();
    }
    expect(world.rows(`SELECT badge FROM badge_awards WHERE member_id = ? ORDER BY badge`, A)).toEqual([
      { badge: 'first_post' },
      { badge: 'first_reply_with_reactions' },
    ]);
    expect(world.rows(`SELECT payload FROM delivery_outbox WHERE sender = 'announcement' AND kind = 'badge' ORDER BY id`)).toEqual([
      { payload: JSON.stringify({ kind: 'badge', memberId: A, badge: 'first_post' }) },
      { payload: JSON.stringify({ kind: 'badge', memberId: A, badge: 'first_reply_with_reactions' }) },
    ]);
  });

  it('GIVEN a seven-day posting streak THEN the streak badge is awarded on the seventh day, not before', async () => {
    world = new EconomyWorld();
    standardMembers(world);
    for (let d = 0; d < 6; d++) world.post(`4000000000000005${d}0`, C, T0 + d * DAY + 3_600_000);
    await world.economy.flush();
    expect(world.economy.badges.held(GUILD, C)).not.toContain('streak_7');
    world.post('400000000000000570', C, T0 + 6 * DAY + 3_600_000);
    await world.economy.flush();
    expect(world.economy.badges.held(GUILD, C)).toContain('streak_7');
  });

  it('GIVEN config changes THEN they are validated, stored and apply to later activity only', async () => {
    world = new EconomyWorld();
    standardMembers(world);
    world.post('400000000000000001', A, T0);
    await world.economy.flush();
    const bad = updateEconomyConfig(world.db.db, GUILD, (c) => ({ ...c, post: { points: 5000, dailyCap: 1 } }), C, T0);
    expect(bad.ok).toBe(false);
    const good = updateEconomyConfig(world.db.db, GUILD, (c) => ({ ...c, post: { points: 7, dailyCap: 100 } }), C, T0);
    expect(good.ok).toBe(true);
    world.post('400000000000000002', A, T0 + 120_000);
    await world.economy.flush();
    expect(world.balance(A)).toBe(cfg.post.points + 7);
  });
});

describe('periods and seasons', () => {
  it('GIVEN points on both sides of week, month and season boundaries THEN each board counts only its side; members who left are hidden but keep their history', async () => {
    world = new EconomyWorld();
    standardMembers(world);
    // T0 is Monday 2026-03-02: one post the Sunday before (previous week, previous month), one on Monday.
    world.post("400000000000000001", A, T0 - 7_200_000);
    world.post('400000000000000002', A, T0);
    world.post('400000000000000003', B, T0 + 1000);
    world.post('400000000000000006', C, Date.UTC(2026, 1, 28, 23));
    await world.economy.flush();
    world.clock = T0 + 3 * DAY;
    expect(world.economy.leaderboard(GUILD, 'week', 0, 10).rows).toEqual([
      { memberId: A, points: cfg.post.points, rank: 1 },
      { memberId: B, points: cfg.post.points, rank: 2 },
    ]);
    expect(world.economy.leaderboard(GUILD, 'all', 0, 10).rows[0]).toEqual({ memberId: A, points: 2 * cfg.post.points, rank: 1 });
    expect(world.economy.leaderboard(GUILD, 'month', 0, 10, Date.UTC(2026, 2, 1) - 1).rows).toEqual([{ memberId: C, points: cfg.post.points, rank: 1 }]);
    expect(world.economy.leaderboard(GUILD, 'month', 0, 10, Date.UTC(2026, 2, 1)).rows.map((r) => r.memberId)).toEqual([A, B]);

    const seasonStart = T0 + 2 * DAY;
    const change = startSeason(world.db.sqlite, GUILD, seasonStart, C);
    expect(change).toMatchObject({ ended: { number: 1, standings: 3 }, started: { number: 2, startedAt: seasonStart } });
    expect(archivedStandings(world.db.sqlite, GUILD, 1)).toEqual([
      { memberId: A, rank: 1, points: 2 * cfg.post.points },
      { memberId: B, rank: 2, points: cfg.post.points },
      { memberId: C, rank: 3, points: cfg.post.points },
    ]);
    world.post('400000000000000004', B, seasonStart);
    world.post('400000000000000005', A, seasonStart - 1);
    await world.economy.flush();
    expect(currentSeason(world.db.sqlite, GUILD)).toEqual({ number: 2, startedAt: seasonStart });
    expect(world.economy.leaderboard(GUILD, 'season', 0, 10).rows).toEqual([{ memberId: B, points: cfg.post.points, rank: 1 }]);
    // The ledger kept everything: all-time balances are unchanged by the season.
    expect(world.balance(A)).toBe(3 * cfg.post.points);

    world.apply([{ kind: 'memberLeft', guildId: GUILD, userId: A, at: T0 + 3 * DAY }]);
    expect(world.economy.leaderboard(GUILD, 'all', 0, 10).rows.map((r) => r.memberId)).toEqual([B, C]);
    expect(world.balance(A)).toBe(3 * cfg.post.points);
  });
});

describe('property: random activity with replays and removals', () => {
  const members = [A, B, C, NEW, BOT];
  const event = fc.oneof(
    fc.record({ kind: fc.constant('post' as const), author: fc.integer({ min: 0, max: 4 }), replyTo: fc.option(fc.nat(), { nil: null }) }),
    fc.record({ kind: fc.constant('react' as const), user: fc.integer({ min: 0, max: 3 }), post: fc.nat(), emoji: fc.constantFrom('👍', '🎉') }),
    fc.record({ kind: fc.constant('unreact' as const), user: fc.integer({ min: 0, max: 3 }), post: fc.nat(), emoji: fc.constantFrom('👍', '🎉') }),
    fc.record({ kind: fc.constant('delete' as const), post: fc.nat() }),
    fc.record({ kind: fc.constant('replay' as const), back: fc.nat() }),
    fc.record({ kind: fc.constant('flush' as const) }),
    fc.record({ kind: fc.constant('sweep' as const) }),
  );

  it('GIVEN any sequence THEN balance = ledger sum, no event pays twice, farming earns nothing, and the ledger ends in step with the activity', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 90 }), async (events, stepSeconds) => {
        const w = new EconomyWorld();
        try {
          standardMembers(w);
          const posts: { id: string; author: string }[] = [];
          const applied: (() => void)[] = [];
          let t = T0;
          for (const e of events) {
            t += stepSeconds * 1000;
            let action: (() => void) | null = null;
            if (e.kind === 'post') {
              const id = String(500000000000000000n + BigInt(posts.length));
              const author = members[e.author]!;
              const target = e.replyTo === null || posts.length === 0 ? null : posts[e.replyTo % posts.length]!;
              const at = t;
              posts.push({ id, author });
              action = () =>
                w.post(id, author, at, {
                  isBot: author === BOT,
                  ...(target ? { replyTo: target.id, replyToAuthor: target.author } : {}),
                });
            } else if ((e.kind === 'react' || e.kind === 'unreact' || e.kind === 'delete') && posts.length > 0) {
              const post = posts[e.post % posts.length]!;
              const at = t;
              if (e.kind === 'react') action = () => w.react(post.id, members[e.user]!, at, e.emoji);
              else if (e.kind === 'unreact') action = () => w.unreact(post.id, members[e.user]!, e.emoji);
              else action = () => w.deletePost(post.id, at);
            } else if (e.kind === 'replay' && applied.length > 0) {
              applied[applied.length - 1 - (e.back % applied.length)]!();
            } else if (e.kind === 'flush') {
              await w.economy.flush();
            } else if (e.kind === 'sweep') {
              await w.economy.sweep();
            }
            if (action) {
              action();
              applied.push(action);
            }
          }
          await w.economy.flush();
          await w.economy.sweep();

          // Balance = ledger sum, for every member.
          const sums = w.rows<{ member: string; total: number }>(`SELECT member_id AS member, SUM(delta) AS total FROM points_ledger GROUP BY member_id`);
          for (const { member, total } of sums) {
            expect(w.balance(member)).toBe(total);
            expect(w.economy.summary(GUILD, member).balance).toBe(total);
          }
          // No event pays twice: an award and its reversal net to 0 or the award, never more.
          const nets = w.rows<{ key: string; net: number; paid: number }>(`SELECT a.source_key AS key, a.delta + COALESCE(r.delta, 0) AS net, a.delta AS paid
            FROM points_ledger a LEFT JOIN points_ledger r ON r.source_key = 'reverse:' || a.source_key WHERE a.kind = 'award'`);
          for (const n of nets) {
            expect(n.net === 0 || n.net === n.paid).toBe(true);
            expect(n.paid).toBeGreaterThanOrEqual(0);
          }
          // Farming earns nothing: self rewards, new members' rewards, bots.
          expect(w.rows(`SELECT * FROM points_ledger WHERE actor_id = member_id AND delta <> 0`)).toEqual([]);
          expect(w.rows(`SELECT * FROM points_ledger WHERE actor_id = ? AND delta <> 0`, NEW)).toEqual([]);
          expect(w.rows(`SELECT * FROM points_ledger WHERE member_id = ? OR actor_id = ?`, BOT, BOT)).toEqual([]);
          // In step: whatever still pays has its activity; removed reactions and deleted posts pay nothing.
          const stale = w.rows(`SELECT a.source_key FROM points_ledger a
            LEFT JOIN points_ledger r ON r.source_key = 'reverse:' || a.source_key
            JOIN posts p ON p.id = a.post_id
            WHERE a.kind = 'award' AND a.delta + COALESCE(r.delta, 0) <> 0
              AND (p.deleted_at IS NOT NULL OR (a.reason = 'reaction_received'
                   AND NOT EXISTS (SELECT 1 FROM reactions x WHERE x.message_id = a.post_id AND x.user_id = a.actor_id)))`);
          expect(stale).toEqual([]);
          const unpaid = w.rows(`SELECT p.id FROM posts p WHERE p.deleted_at IS NULL AND p.author_is_bot = 0
            AND NOT EXISTS (SELECT 1 FROM points_ledger l WHERE l.source_key = 'post:' || p.id)`);
          expect(unpaid).toEqual([]);
        } finally {
          w.dispose();
        }
      }),
      { numRuns: 60 },
    );
  });
});

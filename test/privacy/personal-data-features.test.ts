/**
 * GIVEN a member with rows in every feature's tables — the points economy (paid by others and paying others, as a
 * moderator too), seasons, badges, role rewards, a contest they ran, entered and voted in, recommendations and
 * digests shown to them and of their posts shown to others, a trained model that learned them — THEN:
 * - erasing them leaves no table or column (blobs included) holding their id or words, while every other member's
 *   points, ledger rows, contest result and standings stay exactly as they were, also after the economy sync runs;
 * - the model that learned them no longer serves their data and serving still works;
 * - their export holds every row about them in those tables and no other member's id.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ContestService } from '../../src/contests/service.js';
import type { DigestItem } from '../../src/digest/digest-items.js';
import { updateEconomyConfig } from '../../src/economy/config.js';
import { reversePostRewards } from '../../src/economy/reversal.js';
import { startSeason } from '../../src/economy/seasons.js';
import { buildSnapshot } from '../../src/graph/build-snapshot.js';
import { baselineMethods } from '../../src/model/methods.js';
import { decodeParams, encodeParams } from '../../src/model/params-codec.js';
import type { PromotionDecision } from '../../src/model/promotion.js';
import { completeRun, RunNoLongerRunningError, servingChoice } from '../../src/model/registry.js';
import { loadServingRanker } from '../../src/model/serving.js';
import { erasePersonalData, exportPersonalData } from '../../src/privacy/personal-data.js';
import { DAY, EconomyWorld, GUILD, T0 } from '../economy/helpers.js';
import { findTraces } from '../helpers/db-scan.js';

const S = '300000000000000011'; // the subject
const A = '300000000000000012';
const B = '300000000000000013';
const M = '300000000000000014'; // a moderator
const OTHERS = [A, B, M];
const G2 = '100000000000000002';
const SECRET = 'zebra-quartz-7781 my own words';
const OLD = T0 - 30 * DAY;
const HOUR = 3_600_000;

const P1 = '400000000000000101'; // S's, entered in the contest
const P2 = '400000000000000102'; // A's, entered in the contest
const P3 = '400000000000000103'; // S's reply to P2
const P4 = '400000000000000104'; // B's
const P5 = '400000000000000105'; // B's, confirmed low quality by S
const P6 = '400000000000000106'; // S's, confirmed low quality by M

let world: EconomyWorld;
afterEach(() => world?.dispose());

function post(id: string, authorId: string, at: number, reply?: { to: string; author: string }): void {
  world.apply([
    {
      kind: 'post',
      post: {
        id, guildId: GUILD, channelId: '200000000000000001', threadId: null, authorId, authorIsBot: false, createdAt: at, editedAt: null,
        replyToId: reply?.to ?? null, replyToAuthorId: reply?.author ?? null, attachmentCount: 0,
        content: authorId === S ? `${SECRET} ${id}` : `words of ${id}`, mentionedUserIds: [], source: 'gateway',
      },
    },
  ]);
}

const item = (postId: string, authorId: string, reasonAuthor?: string): DigestItem => ({
  postId, channelId: '200000000000000001', threadId: null, authorId, createdAt: T0,
  reason: { kind: 'friends_reacted', ...(reasonAuthor ? { authorId: reasonAuthor } : {}) },
});

/** Everything the subject and the others did, written the way each feature writes it (SQL only where no service is at hand). */
async function scene(): Promise<{ contestId: number; entries: { own: number; others: number } }> {
  world = new EconomyWorld();
  const sql = world.db.sqlite;
  world.apply([{ kind: 'guild', guild: { id: G2, name: 'g2', ownerId: null, preferredLocale: 'en-US' }, at: 0 }]);
  for (const id of [S, ...OTHERS]) world.member(id, OLD);
  post(P1, S, T0 + 1_000);
  world.react(P1, A, T0 + 2_000); // pays S, actor A
  post(P2, A, T0 + 3_000);
  world.react(P2, S, T0 + 4_000); // pays A, actor S: reaction:P2:S
  post(P3, S, T0 + 5_000, { to: P2, author: A }); // pays A, actor S: reply:P3
  post(P4, B, T0 + 6_000);
  // B's words name S (a mention as Discord writes it, and the nickname form).
  sql.prepare(`UPDATE posts SET content = ? WHERE id = ?`).run(`thanks <@${S}> and <@!${S}>`, P4);
  world.react(P4, S, T0 + 7_000); // pays B ...
  await world.economy.flush();
  world.unreact(P4, S); // ... and takes it back: reverse:reaction:P4:S
  // Hours later, past the post cooldown, so both posts earn something to reverse.
  post(P5, B, T0 + 2 * HOUR);
  post(P6, S, T0 + 3 * HOUR);
  await world.economy.flush();
  world.clock = T0 + 4 * HOUR;
  reversePostRewards(sql, { guildId: GUILD, postId: P5, at: world.clock, reason: 'low_quality', by: S });
  reversePostRewards(sql, { guildId: GUILD, postId: P6, at: world.clock, reason: 'low_quality', by: M });
  world.economy.adjust({ guildId: GUILD, memberId: A, delta: 7, reason: `helped ${S} settle in`, moderatorId: S, interactionId: '500000000000000001' });
  world.economy.adjust({ guildId: GUILD, memberId: S, delta: 5, reason: 'welcome', moderatorId: M, interactionId: '500000000000000002' });
  expect(updateEconomyConfig(world.db.db, GUILD, (c) => c, S, world.clock).ok).toBe(true);

  // A closed contest S ran: S and A entered, S voted for A, A and B voted, A won.
  const contestId = Number(
    sql
      .prepare(`INSERT INTO contests (guild_id, title, theme, channel_id, created_by, created_at, submission_ends_at, voting_ends_at,
          entries_per_member, votes_per_member, vote_mode, vote_emoji, joined_before_only, state, voting_opened_at, closed_at)
        VALUES (?, 'Spring', ?, '200000000000000001', ?, ?, ?, ?, 1, 2, 'buttons', '⭐', 0, 'closed', ?, ?)`)
      .run(GUILD, `flowers, as <@${S}> asked`, S, T0, T0 + DAY, T0 + 2 * DAY, T0 + DAY, T0 + 2 * DAY).lastInsertRowid,
  );
  const entry = (postId: string, memberId: string) =>
    Number(sql.prepare(`INSERT INTO contest_entries (contest_id, post_id, member_id, submitted_at, source) VALUES (?, ?, ?, ?, 'command')`).run(contestId, postId, memberId, T0).lastInsertRowid);
  const own = entry(P1, S);
  const others = entry(P2, A);
  const vote = sql.prepare(`INSERT INTO contest_votes (contest_id, entry_id, voter_id, at) VALUES (?, ?, ?, ?)`);
  vote.run(contestId, others, S, T0 + DAY + 1);
  vote.run(contestId, others, B, T0 + DAY + 2);
  vote.run(contestId, own, A, T0 + DAY + 3);
  const result = sql.prepare(`INSERT INTO contest_results (contest_id, entry_id, place, votes, excluded) VALUES (?, ?, ?, ?, NULL)`);
  result.run(contestId, others, 1, 2);
  result.run(contestId, own, 2, 1);
  const placing = (memberId: string, entryId: number, delta: number) =>
    world.economy.ledger.append(
      { guildId: GUILD, memberId, delta, reason: 'contest_placing', kind: 'award', sourceKey: `contest_placing:${contestId}:${entryId}`, postId: null, at: T0 + 2 * DAY },
      T0 + 2 * DAY,
    );
  placing(A, others, 30);
  placing(S, own, 10);

  // S ends the season: standings of everyone are archived.
  world.clock = T0 + 3 * DAY;
  startSeason(sql, GUILD, world.clock, S);
  const grant = sql.prepare(`INSERT INTO economy_role_grants (guild_id, member_id, role_id, state, error, created_at, updated_at) VALUES (?, ?, '600000000000000001', 'granted', NULL, ?, ?)`);
  grant.run(GUILD, S, T0, T0);
  grant.run(GUILD, A, T0, T0);

  // Recommendations and digests: S saw A's post; A saw S's post; digests of both and the community digest.
  const impression = sql.prepare(`INSERT INTO recommendation_impressions (guild_id, member_id, post_id, surface, shown_at, rank, method, reason, day) VALUES (?, ?, ?, ?, ?, 0, 'attune', 'rising', NULL)`);
  impression.run(GUILD, S, P2, 'recommend', T0);
  impression.run(GUILD, A, P1, 'recommend', T0);
  impression.run(GUILD, A, P4, 'recommend', T0);
  const feedback = sql.prepare(`INSERT INTO recommendation_feedback (guild_id, member_id, post_id, kind, author_id, channel_id, at) VALUES (?, ?, ?, ?, ?, '200000000000000001', ?)`);
  feedback.run(GUILD, A, P1, 'less', S, T0);
  feedback.run(GUILD, S, P2, 'more', A, T0);
  feedback.run(GUILD, B, P2, 'more', A, T0);
  sql.prepare(`INSERT INTO digest_settings (guild_id, enabled, channel_id, hour, size, last_run_day, updated_by, updated_at) VALUES (?, 1, '200000000000000001', 9, 5, NULL, ?, ?)`).run(GUILD, S, T0);
  sql.prepare(`INSERT INTO digest_preferences (guild_id, member_id, mode, dm_closed_at, updated_at) VALUES (?, ?, 'dm', NULL, ?)`).run(GUILD, S, T0);
  sql.prepare(`INSERT INTO digest_picks_presses (guild_id, member_id, day, at, last_at) VALUES (?, ?, '2026-03-02', ?, ?)`).run(GUILD, S, T0, T0);
  sql.prepare(`INSERT INTO digest_runs (guild_id, day, status, channel_id, size, items, message_id, started_at, finished_at) VALUES (?, '2026-03-02', 'done', '200000000000000001', 5, ?, NULL, ?, ?)`)
    .run(GUILD, JSON.stringify([item(P1, S), item(P4, B), item(P2, A, S)]), T0, T0);
  // Each member's DM digest of the day, and its delivery (pending).
  const digest = sql.prepare(`INSERT INTO member_digests (guild_id, member_id, day, kind, items, method, composed_at) VALUES (?, ?, '2026-03-02', 'dm', ?, 'attune', ?)`);
  const delivery = sql.prepare(`INSERT INTO delivery_outbox (guild_id, sender, kind, dedupe_key, user_id, payload, status, nonce, attempts, created_at, updated_at)
    VALUES (?, 'digest', 'dm', ?, ?, '{"day":"2026-03-02"}', 'pending', ?, 0, ?, ?)`);
  digest.run(GUILD, S, JSON.stringify([item(P2, A)]), T0);
  delivery.run(GUILD, `digest:${GUILD}:2026-03-02:dm:${S}`, S, 'n1', T0, T0);
  digest.run(GUILD, A, JSON.stringify([item(P1, S), item(P4, B)]), T0);
  delivery.run(GUILD, `digest:${GUILD}:2026-03-02:dm:${A}`, A, 'n2', T0, T0);

  // A model that learned S (this guild) and one that never saw S (another guild).
  const run = sql.prepare(`INSERT INTO model_runs (guild_id, started_at, finished_at, status, trigger, candidate_method, serving_method, promoted, params, params_bytes)
    VALUES (?, ?, ?, 'succeeded', 'manual', 'bpr-mf', 'bpr-mf', 1, ?, ?)`);
  const params = (memberIds: string[]) => encodeParams({ memberIds, postIds: [P2, P4], embeddings: new Float32Array([0.5, -1, 2, 0.25]) });
  run.run(GUILD, T0, T0 + 1, params([A, S]), params([A, S]).length);
  run.run(G2, T0, T0 + 1, params([A]), params([A]).length);
  // A run still training in this guild: its snapshot may hold S.
  sql.prepare(`INSERT INTO model_runs (guild_id, started_at, status, trigger) VALUES (?, ?, 'running', 'schedule')`).run(GUILD, T0 + 2);
  await world.economy.idle();
  return { contestId, entries: { own, others } };
}

type LedgerLine = { member_id: string; delta: number; reason: string; kind: string; at: number };
const othersLedger = () =>
  world.rows<LedgerLine>(`SELECT member_id, delta, reason, kind, at FROM points_ledger WHERE member_id <> ? ORDER BY id`, S);
const balances = () => Object.fromEntries(OTHERS.map((id) => [id, world.balance(id)]));

describe('personal data in the economy, contests, recommendations, digests and models', () => {
  it('GIVEN the scene WHEN the member is erased THEN nothing holds their id or words, and no other member\'s points, result or standing changes', async () => {
    const { contestId, entries } = await scene();
    const sql = world.db.sqlite;
    expect(findTraces(sql, S).map((t) => t.table)).toEqual(
      expect.arrayContaining(['points_ledger', 'contest_votes', 'contests', 'economy_season_standings', 'member_digests', 'delivery_outbox', 'digest_runs', 'model_runs', 'badge_awards']),
    );
    const balancesBefore = balances();
    expect(balancesBefore[A]).toBeGreaterThan(0);
    expect(world.entry(`reaction:${P2}:${S}`)).toMatchObject({ memberId: A });
    expect(world.entry(`reverse:reaction:${P4}:${S}`)).toMatchObject({ memberId: B });
    const ledgerBefore = othersLedger();
    const standingsBefore = world.rows(`SELECT member_id, rank, points FROM economy_season_standings WHERE member_id <> ? ORDER BY rank`, S);
    const g2ParamsBefore = world.rows<{ params: Buffer }>(`SELECT params FROM model_runs WHERE guild_id = ?`, G2)[0]!.params;

    const changed = erasePersonalData(sql, { userId: S, guildId: null });
    expect(changed).toMatchObject({ points_ledger: expect.any(Number), contest_entries: 1, model_runs: 2, member_digests: 2, digest_runs: 1 });
    // The economy keeps running over the erased history: nothing it reconciles may take points back from others.
    world.clock = T0 + 4 * DAY;
    world.react(P2, B, world.clock);
    await world.economy.flush();
    await world.economy.sweep();

    expect(findTraces(sql, S)).toEqual([]);
    expect(findTraces(sql, 'zebra-quartz-7781')).toEqual([]);

    // Points: the subject's are gone; every other member's rows and balances are what they were (plus B's new reaction to A).
    expect(world.rows(`SELECT * FROM points_ledger WHERE member_id = ?`, S)).toEqual([]);
    const newReaction = world.entry(`reaction:${P2}:${B}`);
    expect(newReaction).toMatchObject({ memberId: A });
    expect(balances()).toEqual({ ...balancesBefore, [A]: balancesBefore[A]! + newReaction!.delta });
    expect(othersLedger().slice(0, ledgerBefore.length)).toEqual(ledgerBefore);
    expect(othersLedger()).toHaveLength(ledgerBefore.length + 1);
    // The rows S caused for others name one pseudonym, in actor, key and note alike; an award and its reversal still pair up.
    const pseudonymous = world.rows<{ source_key: string; actor_id: string | null; note: string | null }>(
      `SELECT source_key, actor_id, note FROM points_ledger WHERE actor_id LIKE 'erased:%' OR source_key LIKE '%erased:%' ORDER BY id`,
    );
    const pseudonym = pseudonymous[0]!.actor_id!;
    expect(pseudonym).toMatch(/^erased:[0-9a-f]{16}$/);
    expect(pseudonymous).toEqual(
      expect.arrayContaining([
        { source_key: `reaction:${P2}:${pseudonym}`, actor_id: pseudonym, note: null },
        { source_key: `reply:${P3}`, actor_id: pseudonym, note: null },
        { source_key: `reaction:${P4}:${pseudonym}`, actor_id: pseudonym, note: null },
        { source_key: `reverse:reaction:${P4}:${pseudonym}`, actor_id: null, note: 'reaction_removed' },
        { source_key: `reverse:post:${P5}`, actor_id: pseudonym, note: 'low_quality' },
        { source_key: 'adjust:500000000000000001', actor_id: pseudonym, note: `helped ${pseudonym} settle in` },
      ]),
    );

    // Contest: A's entry keeps its place and its votes (S's vote stays, anonymous); S's entry and result are gone.
    expect(world.rows(`SELECT entry_id, place, votes FROM contest_results WHERE contest_id = ?`, contestId)).toEqual([{ entry_id: entries.others, place: 1, votes: 2 }]);
    expect(world.rows(`SELECT voter_id FROM contest_votes WHERE entry_id = ? ORDER BY at`, entries.others)).toEqual([{ voter_id: pseudonym }, { voter_id: B }]);
    expect(world.rows(`SELECT id FROM contest_entries`)).toEqual([{ id: entries.others }]);
    expect(world.rows(`SELECT title, theme, created_by FROM contests`)).toEqual([{ title: 'Spring', theme: `flowers, as <@${pseudonym}> asked`, created_by: pseudonym }]);
    // Others' words keep what they said, with the one pseudonym where they named S.
    expect(world.rows(`SELECT content FROM posts WHERE id = ?`, P4)).toEqual([{ content: `thanks <@${pseudonym}> and <@!${pseudonym}>` }]);
    expect(world.rows(`SELECT member_id, rank, points FROM economy_season_standings ORDER BY rank`)).toEqual(standingsBefore);

    // Recommendations and digests: what others were shown of S's posts is gone, the rest stays.
    expect(world.rows(`SELECT member_id, post_id FROM recommendation_impressions`)).toEqual([{ member_id: A, post_id: P4 }]);
    expect(world.rows(`SELECT member_id, post_id FROM recommendation_feedback`)).toEqual([{ member_id: B, post_id: P2 }]);
    expect(world.rows<{ member_id: string; items: string }>(`SELECT member_id, items FROM member_digests`).map((r) => [r.member_id, JSON.parse(r.items)])).toEqual([[A, [item(P4, B)]]]);
    expect(world.rows(`SELECT user_id FROM delivery_outbox WHERE sender = 'digest'`)).toEqual([{ user_id: A }]);
    expect(JSON.parse(world.rows<{ items: string }>(`SELECT items FROM digest_runs`)[0]!.items)).toEqual([item(P4, B)]);

    // The model that learned S serves no more; popularity does until the next run. The other guild's model is untouched.
    expect(world.rows(`SELECT status, params, params_bytes FROM model_runs WHERE guild_id = ? ORDER BY id`, GUILD)).toEqual([
      { status: 'succeeded', params: null, params_bytes: null },
      { status: 'aborted', params: null, params_bytes: null },
    ]);
    // The run in flight finishes after the erasure: its parameters are refused.
    const inFlight = world.rows<{ id: number }>(`SELECT id FROM model_runs WHERE status = 'aborted'`)[0]!.id;
    const decision: PromotionDecision = { serving: 'bpr-mf', promoted: true, bestBaseline: 'popularity', reason: 'beat' };
    expect(() =>
      completeRun(sql, inFlight, { finishedAt: world.clock, durationMs: 1, backend: 'cpu', metrics: { k: 10, cuts: [], methods: {} }, decision, params: { memberIds: [S] } }),
    ).toThrow(RunNoLongerRunningError);
    expect(findTraces(sql, S)).toEqual([]);
    expect(world.rows<{ params: Buffer }>(`SELECT params FROM model_runs WHERE guild_id = ?`, G2)[0]!.params.equals(g2ParamsBefore)).toBe(true);
    expect(decodeParams(g2ParamsBefore)).toMatchObject({ memberIds: [A] });
    expect(servingChoice(sql, GUILD)).toEqual({ method: 'popularity', source: 'default', runId: null, trainedAt: null });
    const serving = await loadServingRanker(sql, GUILD, buildSnapshot(sql, GUILD, world.clock), baselineMethods());
    expect(serving.ranker.name).toBe('popularity');
    expect(servingChoice(sql, G2)).toMatchObject({ method: 'bpr-mf', source: 'model' });
  });

  it('GIVEN the scene THEN the export holds every row about the member in the feature tables and no other member\'s id', async () => {
    const { entries } = await scene();
    const sql = world.db.sqlite;
    const data = exportPersonalData(sql, { userId: S, guildId: null }, world.clock);
    const t = data.tables;
    const count = (query: string) => (sql.prepare(query).get(S) as { n: number }).n;
    // Their own entries, and the entries they caused for others (reactions and replies that paid others, adjustments
    // they made, with their note), the receiver withheld.
    expect(t.points_ledger).toHaveLength(count(`SELECT COUNT(*) AS n FROM points_ledger WHERE ? IN (member_id, actor_id)`));
    expect(t.points_ledger!.length).toBeGreaterThanOrEqual(5);
    expect(t.points_ledger).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ member_id: S, source_key: `reaction:${P1}`, actor_id: null }),
        expect.objectContaining({ member_id: null, source_key: `reaction:${P2}`, actor_id: S, reason: 'reaction_received' }),
        expect.objectContaining({ member_id: null, source_key: `reply:${P3}`, actor_id: S }),
        expect.objectContaining({ member_id: null, delta: 7, note: `helped ${S} settle in`, actor_id: S }),
      ]),
    );
    expect(t.badge_awards).toEqual([expect.objectContaining({ badge: 'first_post' })]);
    expect(t.delivery_outbox).toHaveLength(count(`SELECT COUNT(*) AS n FROM delivery_outbox WHERE ? IN (json_extract(payload, '$.memberId'), user_id)`));
    expect(t.delivery_outbox).toEqual(expect.arrayContaining([expect.objectContaining({ sender: 'digest', kind: 'dm', status: 'pending' })]));
    expect(t.economy_role_grants).toHaveLength(1);
    expect(t.economy_configs).toHaveLength(1);
    expect(t.economy_seasons).toEqual([expect.objectContaining({ started_by: S })]);
    expect(t.economy_season_standings).toEqual([expect.objectContaining({ member_id: S })]);
    expect(t.economy_post_holds?.map((h) => [h.post_id, h.by_id]).sort()).toEqual([[P5, S], [P6, null]]);
    expect(t.contests).toEqual([expect.objectContaining({ title: 'Spring' })]);
    expect(t.contest_entries).toEqual([expect.objectContaining({ id: entries.own, post_id: P1 })]);
    expect(t.contest_results).toEqual([expect.objectContaining({ entry_id: entries.own, place: 2 })]);
    expect(t.contest_votes).toEqual([expect.objectContaining({ entry_id: entries.others })]);
    expect(t.recommendation_impressions).toEqual([expect.objectContaining({ post_id: P2 })]);
    expect(t.recommendation_feedback).toEqual([expect.objectContaining({ post_id: P2, author_id: null })]);
    expect(t.digest_settings).toHaveLength(1);
    expect(t.digest_preferences).toHaveLength(1);
    expect(t.digest_picks_presses).toHaveLength(1);
    expect(t.member_digests).toEqual([expect.objectContaining({ items: [expect.objectContaining({ postId: P2 })] })]);
    // The community digest's items about S: their post, and another's post whose explanation named S.
    expect(t.digest_runs).toEqual([
      { guild_id: GUILD, day: '2026-03-02', items: [expect.objectContaining({ postId: P1, authorId: S }), expect.objectContaining({ postId: P2, reason: 'friends_reacted' })] },
    ]);
    expect(t.model_runs).toEqual([expect.objectContaining({ guild_id: GUILD, serving_method: 'bpr-mf' })]);
    const text = JSON.stringify(data);
    for (const other of OTHERS) expect(text).not.toContain(other);
  });

  it('GIVEN a reaction-voting contest still running WHEN a voter is erased THEN the entry they voted for keeps the vote at close, and their over-limit reaction still does not count', async () => {
    world = new EconomyWorld();
    for (const id of [S, ...OTHERS]) world.member(id, OLD);
    const contests = new ContestService({ sqlite: world.db.sqlite, economy: world.economy, now: () => world.clock });
    const CHANNEL = '200000000000000077';
    const contest = contests.create({
      guildId: GUILD, title: 't', theme: 'x', channelId: CHANNEL, createdBy: M, submissionEndsAt: T0 + 2 * HOUR, votingEndsAt: T0 + 4 * HOUR,
      entriesPerMember: 1, votesPerMember: 1, voteMode: 'reactions', voteEmoji: '👍', joinedBeforeOnly: true,
    });
    world.post(P2, A, T0 + 60_000, { channelId: CHANNEL });
    world.post(P4, B, T0 + 120_000, { channelId: CHANNEL });
    world.clock = T0 + 2 * HOUR;
    contests.processDeadlines();
    world.react(P2, S, T0 + 3 * HOUR); // S's one vote
    world.react(P4, S, T0 + 3 * HOUR + 1); // over S's limit
    world.react(P4, M, T0 + 3 * HOUR + 2);
    await world.economy.flush();

    erasePersonalData(world.db.sqlite, { userId: S, guildId: null });
    world.clock = T0 + 4 * HOUR;
    contests.processDeadlines();
    expect(contests.results(contest.id).map((r) => [r.postId, r.votes])).toEqual([[P2, 1], [P4, 1]]);
    expect(findTraces(world.db.sqlite, S)).toEqual([]);
  });
});

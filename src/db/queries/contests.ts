/**
 * Contest queries: contests and their state changes, entries, votes (button votes stored, reaction votes read from
 * the recorded reactions), results, and the posts and members the rules check. The entry collection and the
 * reaction-vote reads are SQL (joins and NOT EXISTS over the activity tables); the rest is drizzle's query builder.
 * Every statement is prepared once per connection.
 */
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import {
  contestEntries,
  contestResults,
  contests,
  contestVotes,
  members,
  posts,
  type Contest,
  type ContestEntry,
  type ContestExclusion,
  type ContestState,
} from '../schema.js';
import { perConnection } from './per-connection.js';

export type NewContestRow = Omit<Contest, 'id' | 'state' | 'votingOpenedAt' | 'closedAt'>;

/** An entry as the rules and the tally read it. */
export type EntryRow = Pick<ContestEntry, 'id' | 'postId' | 'memberId' | 'submittedAt'>;

/** A stored placing, with the entry's member and post. */
export interface ResultRow {
  entryId: number;
  memberId: string;
  postId: string;
  votes: number;
  place: number;
  excluded: ContestExclusion | null;
}

export interface VoteRow {
  entryId: number;
  voterId: string;
  at: number;
}

/** The contest's channel (or thread) and submission window, for collecting posted entries. */
export interface EntryWindow {
  contestId: number;
  guildId: string;
  channelId: string;
  from: number;
  to: number;
}

export const contestQueries = perConnection((sqlite, db) => {
  const p = sql.placeholder;
  const insertContest = db
    .insert(contests)
    .values({
      guildId: p('guildId'),
      title: p('title'),
      theme: p('theme'),
      channelId: p('channelId'),
      createdBy: p('createdBy'),
      createdAt: p('createdAt'),
      submissionEndsAt: p('submissionEndsAt'),
      votingEndsAt: p('votingEndsAt'),
      entriesPerMember: p('entriesPerMember'),
      votesPerMember: p('votesPerMember'),
      voteMode: p('voteMode'),
      voteEmoji: p('voteEmoji'),
      // A placeholder is bound as given: the boolean goes in as the 0 or 1 SQLite stores.
      joinedBeforeOnly: p('joinedBeforeOnly'),
      state: 'open',
    })
    .returning({ id: contests.id })
    .prepare();
  const contestOfGuild = db
    .select()
    .from(contests)
    .where(and(eq(contests.id, p('id')), eq(contests.guildId, p('guildId'))))
    .prepare();
  const contestById = db.select().from(contests).where(eq(contests.id, p('id'))).prepare();
  const listOfGuild = db
    .select()
    .from(contests)
    .where(eq(contests.guildId, p('guildId')))
    .orderBy(sql`CASE ${contests.state} WHEN 'open' THEN 0 WHEN 'voting' THEN 1 ELSE 2 END`, desc(contests.id))
    .limit(p('limit'))
    .prepare();
  const running = db
    .select()
    .from(contests)
    .where(inArray(contests.state, ['open', 'voting']))
    .orderBy(asc(contests.id))
    .prepare();
  const setState = (from: readonly ContestState[], to: ContestState, stamp: 'votingOpenedAt' | 'closedAt') =>
    db
      .update(contests)
      .set({ state: to, [stamp]: sql`${p('at')}` })
      .where(and(eq(contests.id, p('id')), inArray(contests.state, [...from])))
      .prepare();
  const openVoting = setState(['open'], 'voting', 'votingOpenedAt');
  const cancel = setState(['open', 'voting'], 'cancelled', 'closedAt');
  const closeFrom = {
    open: setState(['open'], 'closed', 'closedAt'),
    voting: setState(['voting'], 'closed', 'closedAt'),
  };

  const entries = db
    .select({ id: contestEntries.id, postId: contestEntries.postId, memberId: contestEntries.memberId, submittedAt: contestEntries.submittedAt })
    .from(contestEntries)
    .where(eq(contestEntries.contestId, p('contestId')))
    .orderBy(asc(contestEntries.submittedAt), asc(contestEntries.id))
    .prepare();
  const entered = db
    .select({ id: contestEntries.id })
    .from(contestEntries)
    .where(and(eq(contestEntries.contestId, p('contestId')), eq(contestEntries.postId, p('postId'))))
    .prepare();
  const entryCount = db
    .select({ n: count() })
    .from(contestEntries)
    .where(and(eq(contestEntries.contestId, p('contestId')), eq(contestEntries.memberId, p('memberId'))))
    .prepare();
  const insertEntry = db
    .insert(contestEntries)
    .values({
      contestId: p('contestId'),
      postId: p('postId'),
      memberId: p('memberId'),
      submittedAt: p('submittedAt'),
      source: p('source'),
    })
    .returning({ id: contestEntries.id })
    .prepare();
  // Top-level posts (not replies) by members in the contest channel during the window, not entered yet.
  const postedEntries = sqlite.prepare<EntryWindow, { id: string; authorId: string; createdAt: number }>(
    `SELECT p.id, p.author_id AS authorId, p.created_at AS createdAt FROM posts p
      WHERE p.guild_id = @guildId AND (p.thread_id = @channelId OR (p.channel_id = @channelId AND p.thread_id IS NULL))
        AND p.created_at >= @from AND p.created_at < @to AND p.deleted_at IS NULL AND p.reply_to_id IS NULL
        AND p.author_is_bot = 0
        AND NOT EXISTS (SELECT 1 FROM members b WHERE b.guild_id = p.guild_id AND b.user_id = p.author_id AND b.is_bot = 1)
        AND NOT EXISTS (SELECT 1 FROM contest_entries e WHERE e.contest_id = @contestId AND e.post_id = p.id)
      ORDER BY p.created_at, p.id`,
  );

  const votesUsed = db
    .select({ n: count() })
    .from(contestVotes)
    .where(and(eq(contestVotes.contestId, p('contestId')), eq(contestVotes.voterId, p('voterId'))))
    .prepare();
  const voted = db
    .select({ at: contestVotes.at })
    .from(contestVotes)
    .where(and(eq(contestVotes.entryId, p('entryId')), eq(contestVotes.voterId, p('voterId'))))
    .prepare();
  const insertVote = db
    .insert(contestVotes)
    .values({ contestId: p('contestId'), entryId: p('entryId'), voterId: p('voterId'), at: p('at') })
    .prepare();
  const buttonVotes = db
    .select({ entryId: contestVotes.entryId, n: count() })
    .from(contestVotes)
    .where(eq(contestVotes.contestId, p('contestId')))
    .groupBy(contestVotes.entryId)
    .prepare();
  // The vote emoji on one entry during the voting window, by present non-bot members.
  const reactionVotes = sqlite.prepare<
    [postId: string, emoji: string, from: number, to: number],
    { voterId: string; at: number; joinedAt: number | null }
  >(
    `SELECT x.user_id AS voterId, x.at, m.joined_at AS joinedAt FROM reactions x
      JOIN members m ON m.guild_id = x.guild_id AND m.user_id = x.user_id
      WHERE x.message_id = ? AND x.emoji = ? AND x.at >= ? AND x.at < ? AND m.is_bot = 0 AND m.left_at IS NULL`,
  );
  const votesByPrefix = sqlite.prepare<[contestId: number, voterPrefix: string], VoteRow>(
    `SELECT entry_id AS entryId, voter_id AS voterId, at FROM contest_votes WHERE contest_id = ? AND voter_id LIKE ? || '%'`,
  );

  const insertResult = db
    .insert(contestResults)
    .values({ contestId: p('contestId'), entryId: p('entryId'), place: p('place'), votes: p('votes'), excluded: p('excluded') })
    .onConflictDoNothing()
    .prepare();
  const results = db
    .select({
      entryId: contestResults.entryId,
      memberId: contestEntries.memberId,
      postId: contestEntries.postId,
      votes: contestResults.votes,
      place: contestResults.place,
      excluded: contestResults.excluded,
    })
    .from(contestResults)
    .innerJoin(contestEntries, eq(contestEntries.id, contestResults.entryId))
    .where(eq(contestResults.contestId, p('contestId')))
    // Ranked entries by place, then the excluded ones (place 0).
    .orderBy(sql`CASE WHEN ${contestResults.place} = 0 THEN 1 ELSE 0 END`, asc(contestResults.place))
    .prepare();

  const postOfGuild = db
    .select({ authorId: posts.authorId, createdAt: posts.createdAt, deletedAt: posts.deletedAt, channelId: posts.channelId, threadId: posts.threadId })
    .from(posts)
    .where(and(eq(posts.id, p('postId')), eq(posts.guildId, p('guildId'))))
    .prepare();
  const postDeletedAt = db.select({ deletedAt: posts.deletedAt }).from(posts).where(eq(posts.id, p('postId'))).prepare();
  const voter = db
    .select({ isBot: members.isBot, joinedAt: members.joinedAt, leftAt: members.leftAt })
    .from(members)
    .where(and(eq(members.guildId, p('guildId')), eq(members.userId, p('userId'))))
    .prepare();

  return {
    insertContest: (contest: NewContestRow): number => insertContest.get({ ...contest, joinedBeforeOnly: contest.joinedBeforeOnly ? 1 : 0 }).id,
    contest: (guildId: string, id: number): Contest | undefined => contestOfGuild.get({ guildId, id }),
    contestById: (id: number): Contest | undefined => contestById.get({ id }),
    /** Open contests first, then voting, then the rest; newest first within each. */
    contestsOfGuild: (guildId: string, limit: number): Contest[] => listOfGuild.all({ guildId, limit }),
    /** Contests still open or voting, in every guild. */
    runningContests: (): Contest[] => running.all(),
    /** open → voting; false when the contest was not open (any more). */
    openVoting: (id: number, at: number): boolean => openVoting.run({ id, at }).changes > 0,
    /** open or voting → cancelled; false when it had already finished. */
    cancel: (id: number, at: number): boolean => cancel.run({ id, at }).changes > 0,
    /** `from` → closed; false when the contest was not in `from` (any more). */
    close: (id: number, from: 'open' | 'voting', at: number): boolean => closeFrom[from].run({ id, at }).changes > 0,

    /** In submission order. */
    entries: (contestId: number): EntryRow[] => entries.all({ contestId }),
    isEntered: (contestId: number, postId: string): boolean => entered.get({ contestId, postId }) !== undefined,
    entryCount: (contestId: number, memberId: string): number => entryCount.get({ contestId, memberId })?.n ?? 0,
    insertEntry: (entry: Omit<ContestEntry, 'id'>): number => insertEntry.get(entry).id,
    postedEntryCandidates: (window: EntryWindow): { id: string; authorId: string; createdAt: number }[] => postedEntries.all(window),

    votesUsed: (contestId: number, voterId: string): number => votesUsed.get({ contestId, voterId })?.n ?? 0,
    hasVoted: (entryId: number, voterId: string): boolean => voted.get({ entryId, voterId }) !== undefined,
    insertVote: (vote: { contestId: number; entryId: number; voterId: string; at: number }): void => {
      insertVote.run(vote);
    },
    buttonVoteCounts: (contestId: number): { entryId: number; n: number }[] => buttonVotes.all({ contestId }),
    reactionVotesOn: (postId: string, emoji: string, from: number, to: number): { voterId: string; at: number; joinedAt: number | null }[] =>
      reactionVotes.all(postId, emoji, from, to),
    /** Stored votes whose voter id starts with `prefix` (an erasure's pseudonyms). */
    votesByVoterPrefix: (contestId: number, prefix: string): VoteRow[] => votesByPrefix.all(contestId, prefix),

    insertResult: (result: { contestId: number; entryId: number; place: number; votes: number; excluded: ContestExclusion | null }): void => {
      insertResult.run(result);
    },
    results: (contestId: number): ResultRow[] => results.all({ contestId }),

    postForEntry: (
      guildId: string,
      postId: string,
    ): { authorId: string; createdAt: number; deletedAt: number | null; channelId: string; threadId: string | null } | undefined =>
      postOfGuild.get({ guildId, postId }),
    /** undefined: no such post; null: not deleted. */
    postDeletedAt: (postId: string): number | null | undefined => postDeletedAt.get({ postId })?.deletedAt,
    voter: (guildId: string, userId: string): { isBot: boolean; joinedAt: number | null; leftAt: number | null } | undefined =>
      voter.get({ guildId, userId }),
  };
});

export type ContestQueries = ReturnType<typeof contestQueries>;

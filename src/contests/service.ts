/**
 * Creation contests. Every deadline lives in the `contests` row and is acted on by the tick (processDeadlines), which
 * runs on a schedule and at start-up: a restart between windows loses nothing, and each transition is a state change
 * guarded by the state it leaves, so it happens once. Entries come from `/contest submit` or from posts in the
 * contest channel during the submission window (read from the recorded posts, so posts made while the bot was down
 * count once the backfill has them). Results, points and badges are written in the same transaction as the
 * `closed` state, so they happen exactly once.
 */
import type Database from 'better-sqlite3';
import { inWriteTransaction } from '../db/connection.js';
import { contestQueries, type ContestQueries, type EntryRow } from '../db/queries/contests.js';
import { economyQueries } from '../db/queries/economy.js';
import type { Contest, VoteMode } from '../db/schema.js';
import type { EconomyService } from '../economy/service.js';
import { enqueueAnnouncement } from '../economy/announcements.js';
import { isPostHeld } from '../economy/reversal.js';
import { decideCapped, utcDay } from '../economy/rules.js';
import type { TouchedMembers } from '../economy/sync.js';
import { touch } from '../economy/sync.js';
import { ERASED_PREFIX } from '../privacy/pseudonym.js';
import { limitVotesPerMember, placingPoints, rankEntries, type EntryTally, type Placing } from './ranking.js';

/** Why a contest action was refused; commands turn these into localised ephemeral messages. */
export type ContestRefusalCode =
  | 'not_found'
  | 'not_open'
  | 'submissions_closed'
  | 'post_not_found'
  | 'not_your_post'
  | 'post_not_visible'
  | 'post_before_contest'
  | 'post_excluded'
  | 'already_entered'
  | 'entry_limit'
  | 'not_voting'
  | 'voting_not_started'
  | 'voting_ended'
  | 'vote_by_reaction'
  | 'self_vote'
  | 'duplicate_vote'
  | 'vote_limit'
  | 'joined_after_start'
  | 'not_eligible'
  | 'entry_gone'
  | 'already_finished';

export class ContestRefusal extends Error {
  constructor(
    readonly code: ContestRefusalCode,
    readonly detail: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'ContestRefusal';
  }
}

/** Who may view a post's channel or thread now (Discord's permissions, established by the caller). */
export type CanView = (channelId: string, threadId: string | null) => boolean;

/** What an entry must be visible to: the member submitting it, and every reader of the contest channel. */
export interface EntryVisibility {
  submitter: CanView;
  contestReaders: CanView;
}

export interface NewContest {
  guildId: string;
  title: string;
  theme: string;
  channelId: string;
  createdBy: string;
  submissionEndsAt: number;
  votingEndsAt: number;
  entriesPerMember: number;
  votesPerMember: number;
  voteMode: VoteMode;
  voteEmoji: string;
  joinedBeforeOnly: boolean;
}

export interface ContestServiceOptions {
  sqlite: Database.Database;
  economy: EconomyService;
  now: () => number;
  /** Posts moderation confirmed low quality; default: the posts whose rewards were reversed (economy holds). */
  isPostDemoted?: (postId: string) => boolean;
}

export class ContestService {
  private readonly sqlite: Database.Database;
  private readonly queries: ContestQueries;
  private readonly isPostDemoted: (postId: string) => boolean;

  constructor(private readonly options: ContestServiceOptions) {
    this.sqlite = options.sqlite;
    this.queries = contestQueries(options.sqlite);
    this.isPostDemoted = options.isPostDemoted ?? ((postId) => isPostHeld(options.sqlite, postId));
  }

  create(input: NewContest): Contest {
    const id = this.queries.insertContest({ ...input, createdAt: this.options.now() });
    return this.require(input.guildId, id);
  }

  get(guildId: string, contestId: number): Contest | null {
    return this.queries.contest(guildId, contestId) ?? null;
  }

  list(guildId: string, limit = 15): Contest[] {
    return this.queries.contestsOfGuild(guildId, limit);
  }

  entries(contestId: number): EntryRow[] {
    return this.queries.entries(contestId);
  }

  /** Where a post of the guild is (channel, thread), to establish who may view it; null when it is not recorded. */
  postLocation(guildId: string, postId: string): { channelId: string; threadId: string | null } | null {
    const post = this.queries.postForEntry(guildId, postId);
    return post ? { channelId: post.channelId, threadId: post.threadId } : null;
  }

  results(contestId: number): Placing[] {
    return this.queries.results(contestId);
  }

  votesUsed(contestId: number, voterId: string): number {
    return this.queries.votesUsed(contestId, voterId);
  }

  /**
   * `/contest submit`: enters one of the member's own posts, one every reader of the contest channel may view (its
   * announcements link it there). A post the member may not view is answered as one that does not exist.
   */
  submit(guildId: string, contestId: number, memberId: string, postId: string, visibility: EntryVisibility): EntryRow {
    const now = this.options.now();
    return inWriteTransaction(this.sqlite, () => {
      const contest = this.require(guildId, contestId);
      if (contest.state !== 'open') throw new ContestRefusal('not_open');
      if (now >= contest.submissionEndsAt) throw new ContestRefusal('submissions_closed');
      const post = this.queries.postForEntry(guildId, postId);
      if (!post || post.deletedAt !== null || !visibility.submitter(post.channelId, post.threadId)) throw new ContestRefusal('post_not_found');
      if (post.authorId !== memberId) throw new ContestRefusal('not_your_post');
      if (!visibility.contestReaders(post.channelId, post.threadId)) throw new ContestRefusal('post_not_visible');
      if (post.createdAt < contest.createdAt) throw new ContestRefusal('post_before_contest');
      if (this.isPostDemoted(postId)) throw new ContestRefusal('post_excluded');
      if (this.queries.isEntered(contestId, postId)) throw new ContestRefusal('already_entered');
      if (this.entryCount(contestId, memberId) >= contest.entriesPerMember) {
        throw new ContestRefusal('entry_limit', { limit: contest.entriesPerMember });
      }
      return this.insertEntry(contestId, postId, memberId, now, 'command');
    });
  }

  /** A button vote. Every rule is checked here, on the server, whatever the message's buttons allowed. */
  vote(guildId: string, contestId: number, entryId: number, voterId: string): { used: number; allowed: number; entryNumber: number } {
    const now = this.options.now();
    return inWriteTransaction(this.sqlite, () => {
      const contest = this.require(guildId, contestId);
      if (contest.voteMode !== 'buttons') throw new ContestRefusal('vote_by_reaction', { emoji: contest.voteEmoji });
      if (contest.state === 'open' || now < contest.submissionEndsAt) throw new ContestRefusal('voting_not_started');
      if (contest.state !== 'voting' || now >= contest.votingEndsAt) throw new ContestRefusal('voting_ended');
      const entries = this.entries(contestId);
      const index = entries.findIndex((e) => e.id === entryId);
      const entry = entries[index];
      if (!entry) throw new ContestRefusal('entry_gone');
      if (this.excluded(entry.postId) !== null) throw new ContestRefusal('entry_gone');
      if (entry.memberId === voterId) throw new ContestRefusal('self_vote');
      const voter = this.queries.voter(guildId, voterId);
      if (!voter || voter.isBot || voter.leftAt !== null) throw new ContestRefusal('not_eligible');
      if (contest.joinedBeforeOnly && (voter.joinedAt === null || voter.joinedAt >= contest.createdAt)) {
        throw new ContestRefusal('joined_after_start');
      }
      if (this.queries.hasVoted(entryId, voterId)) throw new ContestRefusal('duplicate_vote');
      const used = this.votesUsed(contestId, voterId);
      if (used >= contest.votesPerMember) throw new ContestRefusal('vote_limit', { limit: contest.votesPerMember });
      this.queries.insertVote({ contestId, entryId, voterId, at: now });
      return { used: used + 1, allowed: contest.votesPerMember, entryNumber: index + 1 };
    });
  }

  cancel(guildId: string, contestId: number): Contest {
    const now = this.options.now();
    inWriteTransaction(this.sqlite, () => {
      const contest = this.require(guildId, contestId);
      if (!this.queries.cancel(contestId, now)) throw new ContestRefusal('already_finished');
      enqueueAnnouncement(this.sqlite, {
        guildId,
        channelId: contest.channelId,
        payload: { kind: 'contest_cancelled', contestId },
        dedupeKey: `contest:${contestId}:cancelled`,
        at: now,
      });
    });
    return this.require(guildId, contestId);
  }

  /** `/contest close`: ends the contest now (whatever phase it is in) and announces results. */
  closeNow(guildId: string, contestId: number): Contest {
    const contest = this.require(guildId, contestId);
    if (contest.state === 'closed' || contest.state === 'cancelled') throw new ContestRefusal('already_finished');
    if (contest.state === 'open') this.collectPostedEntries(contest, this.options.now());
    this.close(contest.id);
    return this.require(guildId, contestId);
  }

  /** Acts on every deadline that has passed; returns the members whose points changed. */
  /** `owns` limits the pass to one shard's guilds (default: every guild). */
  processDeadlines(owns: (guildId: string) => boolean = () => true): TouchedMembers {
    const now = this.options.now();
    const touched: TouchedMembers = new Map();
    for (const contest of this.queries.runningContests()) {
      if (!owns(contest.guildId)) continue;
      if (contest.state === 'open') {
        this.collectPostedEntries(contest, now);
        if (now >= contest.submissionEndsAt) this.openVoting(contest, now);
      }
      const current = this.get(contest.guildId, contest.id);
      if (current?.state === 'voting' && now >= current.votingEndsAt) this.close(contest.id, touched);
    }
    return touched;
  }

  /** Posts in the contest channel during the submission window become entries (top-level posts, not replies). */
  collectPostedEntries(contest: Contest, now: number): number {
    let added = 0;
    inWriteTransaction(this.sqlite, () => {
      const posts = this.queries.postedEntryCandidates({
        contestId: contest.id,
        guildId: contest.guildId,
        channelId: contest.channelId,
        from: contest.createdAt,
        to: Math.min(contest.submissionEndsAt, now + 1),
      });
      for (const post of posts) {
        if (this.isPostDemoted(post.id)) continue;
        if (this.entryCount(contest.id, post.authorId) >= contest.entriesPerMember) continue;
        this.insertEntry(contest.id, post.id, post.authorId, post.createdAt, 'post');
        added += 1;
      }
    });
    return added;
  }

  private openVoting(contest: Contest, now: number): void {
    inWriteTransaction(this.sqlite, () => {
      if (!this.queries.openVoting(contest.id, now)) return;
      enqueueAnnouncement(this.sqlite, {
        guildId: contest.guildId,
        channelId: contest.channelId,
        payload: { kind: 'contest_voting', contestId: contest.id },
        dedupeKey: `contest:${contest.id}:voting`,
        at: now,
      });
    });
  }

  /** Tallies, ranks, pays and announces, once: everything in the transaction that moves the contest to `closed`. */
  private close(contestId: number, touched: TouchedMembers = new Map()): TouchedMembers {
    const now = this.options.now();
    const { economy } = this.options;
    inWriteTransaction(this.sqlite, () => {
      const c = this.queries.contestById(contestId);
      if (!c || (c.state !== 'open' && c.state !== 'voting')) return;
      if (!this.queries.close(contestId, c.state, now)) return;
      const placings = rankEntries(this.tally(c));
      const config = economy.config(c.guildId);
      const entryDay = utcDay(now);
      for (const placing of placings) {
        this.queries.insertResult({ contestId, entryId: placing.entryId, place: placing.place, votes: placing.votes, excluded: placing.excluded });
        if (placing.excluded !== null) continue;
        const earned = economyQueries(this.sqlite).awardedIn({ guildId: c.guildId, memberId: placing.memberId, reason: 'contest_entry', ...entryDay });
        const entry = decideCapped(config.contestEntry.points, earned, config.contestEntry.dailyCap);
        economy.ledger.append(
          {
            guildId: c.guildId,
            memberId: placing.memberId,
            delta: entry.delta,
            reason: 'contest_entry',
            kind: 'award',
            denial: entry.denial,
            sourceKey: `contest_entry:${placing.entryId}`,
            postId: placing.postId,
            note: `contest ${contestId}`,
            at: now,
          },
          now,
        );
        const points = placingPoints(placing, config.contestPlacing);
        if (points > 0) {
          economy.ledger.append(
            {
              guildId: c.guildId,
              memberId: placing.memberId,
              delta: points,
              reason: 'contest_placing',
              kind: 'award',
              sourceKey: `contest_placing:${contestId}:${placing.entryId}`,
              postId: placing.postId,
              note: `contest ${contestId} place ${placing.place}`,
              at: now,
            },
            now,
          );
        }
        touch(touched, c.guildId, placing.memberId);
      }
      enqueueAnnouncement(this.sqlite, {
        guildId: c.guildId,
        channelId: c.channelId,
        payload: { kind: 'contest_results', contestId },
        dedupeKey: `contest:${contestId}:results`,
        at: now,
      });
      // Badges (contest winner) in the same transaction: results and their rewards land together or not at all.
      economy.afterChange(touched);
    });
    return touched;
  }

  private tally(contest: Contest): EntryTally[] {
    const entries = this.entries(contest.id);
    const votes = new Map<number, number>();
    if (contest.voteMode === 'buttons') {
      for (const row of this.queries.buttonVoteCounts(contest.id)) votes.set(row.entryId, row.n);
    } else {
      for (const vote of this.reactionVotes(contest, entries)) votes.set(vote.entryId, (votes.get(vote.entryId) ?? 0) + 1);
    }
    return entries.map((entry) => ({
      entryId: entry.id,
      memberId: entry.memberId,
      postId: entry.postId,
      submittedAt: entry.submittedAt,
      votes: votes.get(entry.id) ?? 0,
      excluded: this.excluded(entry.postId),
    }));
  }

  /** Reaction-mode votes: the vote emoji on entries during the voting window, by eligible members, within the limit. */
  private reactionVotes(contest: Contest, entries: EntryRow[]) {
    const from = contest.votingOpenedAt ?? contest.submissionEndsAt;
    const votes = entries.flatMap((entry) =>
      this.queries
        .reactionVotesOn(entry.postId, contest.voteEmoji, from, contest.votingEndsAt)
        .filter((r) => r.voterId !== entry.memberId)
        .filter((r) => !contest.joinedBeforeOnly || (r.joinedAt !== null && r.joinedAt < contest.createdAt))
        .map((r) => ({ entryId: entry.id, voterId: r.voterId, at: r.at })),
    );
    // Votes of members erased while the contest ran: their reactions are gone, their votes were kept under a
    // pseudonym (src/db/queries/personal-data/economy-tables.ts), so no entrant loses a vote.
    const erased = this.queries.votesByVoterPrefix(contest.id, ERASED_PREFIX);
    return limitVotesPerMember([...votes, ...erased], contest.votesPerMember);
  }

  private excluded(postId: string): 'deleted' | 'low_quality' | null {
    if (this.queries.postDeletedAt(postId) !== null) return 'deleted';
    return this.isPostDemoted(postId) ? 'low_quality' : null;
  }

  private entryCount(contestId: number, memberId: string): number {
    return this.queries.entryCount(contestId, memberId);
  }

  private insertEntry(contestId: number, postId: string, memberId: string, at: number, source: 'command' | 'post'): EntryRow {
    const id = this.queries.insertEntry({ contestId, postId, memberId, submittedAt: at, source });
    return { id, postId, memberId, submittedAt: at };
  }

  /** The contest, or a `not_found` refusal. */
  require(guildId: string, contestId: number): Contest {
    const contest = this.get(guildId, contestId);
    if (!contest) throw new ContestRefusal('not_found', { id: contestId });
    return contest;
  }
}

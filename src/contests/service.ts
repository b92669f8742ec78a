/**
 * Creation contests. Every deadline lives in the `contests` row and is acted on by the tick (processDeadlines), which
 * runs on a schedule and at start-up: a restart between windows loses nothing, and each transition is a state change
 * guarded by the state it leaves, so it happens once. Entries come from `/contest submit` or from posts in the
 * contest channel during the submission window (read from the recorded posts, so posts made while the bot was down
 * count once the backfill has them). Results, points and badges are written in the same transaction as the
 * `closed` state, so they happen exactly once.
 */
import type Database from 'better-sqlite3';
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

interface EntryRow {
  id: number;
  postId: string;
  memberId: string;
  submittedAt: number;
}

export class ContestService {
  private readonly sqlite: Database.Database;
  private readonly isPostDemoted: (postId: string) => boolean;

  constructor(private readonly options: ContestServiceOptions) {
    this.sqlite = options.sqlite;
    this.isPostDemoted = options.isPostDemoted ?? ((postId) => isPostHeld(options.sqlite, postId));
  }

  create(input: NewContest): Contest {
    const createdAt = this.options.now();
    const id = Number(
      this.sqlite
        .prepare(`INSERT INTO contests (guild_id, title, theme, channel_id, created_by, created_at, submission_ends_at, voting_ends_at,
            entries_per_member, votes_per_member, vote_mode, vote_emoji, joined_before_only, state)
          VALUES (@guildId, @title, @theme, @channelId, @createdBy, @createdAt, @submissionEndsAt, @votingEndsAt,
            @entriesPerMember, @votesPerMember, @voteMode, @voteEmoji, @joinedBeforeOnly, 'open')`)
        .run({ ...input, createdAt, joinedBeforeOnly: input.joinedBeforeOnly ? 1 : 0 }).lastInsertRowid,
    );
    return this.require(input.guildId, id);
  }

  get(guildId: string, contestId: number): Contest | null {
    const row = this.sqlite.prepare(`${CONTEST_SELECT} WHERE id = ? AND guild_id = ?`).get(contestId, guildId) as ContestRow | undefined;
    return row ? toContest(row) : null;
  }

  list(guildId: string, limit = 15): Contest[] {
    return (
      this.sqlite
        .prepare(`${CONTEST_SELECT} WHERE guild_id = ? ORDER BY CASE state WHEN 'open' THEN 0 WHEN 'voting' THEN 1 ELSE 2 END, id DESC LIMIT ?`)
        .all(guildId, limit) as ContestRow[]
    ).map(toContest);
  }

  entries(contestId: number): EntryRow[] {
    return this.sqlite
      .prepare(`SELECT id, post_id AS postId, member_id AS memberId, submitted_at AS submittedAt FROM contest_entries
        WHERE contest_id = ? ORDER BY submitted_at, id`)
      .all(contestId) as EntryRow[];
  }

  results(contestId: number): Placing[] {
    return this.sqlite
      .prepare(`SELECT r.entry_id AS entryId, e.member_id AS memberId, e.post_id AS postId, r.votes, r.place, r.excluded
        FROM contest_results r JOIN contest_entries e ON e.id = r.entry_id WHERE r.contest_id = ?
        ORDER BY CASE WHEN r.place = 0 THEN 1 ELSE 0 END, r.place`)
      .all(contestId) as Placing[];
  }

  votesUsed(contestId: number, voterId: string): number {
    return (this.sqlite.prepare(`SELECT COUNT(*) AS n FROM contest_votes WHERE contest_id = ? AND voter_id = ?`).get(contestId, voterId) as { n: number }).n;
  }

  /** `/contest submit`: enters one of the member's own posts. */
  submit(guildId: string, contestId: number, memberId: string, postId: string): EntryRow {
    const now = this.options.now();
    return this.sqlite.transaction(() => {
      const contest = this.require(guildId, contestId);
      if (contest.state !== 'open') throw new ContestRefusal('not_open');
      if (now >= contest.submissionEndsAt) throw new ContestRefusal('submissions_closed');
      const post = this.sqlite
        .prepare(`SELECT author_id AS authorId, created_at AS createdAt, deleted_at AS deletedAt FROM posts WHERE id = ? AND guild_id = ?`)
        .get(postId, guildId) as { authorId: string; createdAt: number; deletedAt: number | null } | undefined;
      if (!post || post.deletedAt !== null) throw new ContestRefusal('post_not_found');
      if (post.authorId !== memberId) throw new ContestRefusal('not_your_post');
      if (post.createdAt < contest.createdAt) throw new ContestRefusal('post_before_contest');
      if (this.isPostDemoted(postId)) throw new ContestRefusal('post_excluded');
      if (this.sqlite.prepare(`SELECT 1 FROM contest_entries WHERE contest_id = ? AND post_id = ?`).get(contestId, postId)) {
        throw new ContestRefusal('already_entered');
      }
      if (this.entryCount(contestId, memberId) >= contest.entriesPerMember) {
        throw new ContestRefusal('entry_limit', { limit: contest.entriesPerMember });
      }
      return this.insertEntry(contestId, postId, memberId, now, 'command');
    })();
  }

  /** A button vote. Every rule is checked here, on the server, whatever the message's buttons allowed. */
  vote(guildId: string, contestId: number, entryId: number, voterId: string): { used: number; allowed: number; entryNumber: number } {
    const now = this.options.now();
    return this.sqlite.transaction(() => {
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
      const voter = this.sqlite
        .prepare(`SELECT is_bot AS isBot, joined_at AS joinedAt, left_at AS leftAt FROM members WHERE guild_id = ? AND user_id = ?`)
        .get(guildId, voterId) as { isBot: number; joinedAt: number | null; leftAt: number | null } | undefined;
      if (!voter || voter.isBot === 1 || voter.leftAt !== null) throw new ContestRefusal('not_eligible');
      if (contest.joinedBeforeOnly && (voter.joinedAt === null || voter.joinedAt >= contest.createdAt)) {
        throw new ContestRefusal('joined_after_start');
      }
      if (this.sqlite.prepare(`SELECT 1 FROM contest_votes WHERE entry_id = ? AND voter_id = ?`).get(entryId, voterId)) {
        throw new ContestRefusal('duplicate_vote');
      }
      const used = this.votesUsed(contestId, voterId);
      if (used >= contest.votesPerMember) throw new ContestRefusal('vote_limit', { limit: contest.votesPerMember });
      this.sqlite.prepare(`INSERT INTO contest_votes (contest_id, entry_id, voter_id, at) VALUES (?, ?, ?, ?)`).run(contestId, entryId, voterId, now);
      return { used: used + 1, allowed: contest.votesPerMember, entryNumber: index + 1 };
    })();
  }

  cancel(guildId: string, contestId: number): Contest {
    const now = this.options.now();
    this.sqlite.transaction(() => {
      const contest = this.require(guildId, contestId);
      if (contest.state === 'closed' || contest.state === 'cancelled') throw new ContestRefusal('already_finished');
      this.sqlite.prepare(`UPDATE contests SET state = 'cancelled', closed_at = ? WHERE id = ?`).run(now, contestId);
      enqueueAnnouncement(this.sqlite, {
        guildId,
        channelId: contest.channelId,
        payload: { kind: 'contest_cancelled', contestId },
        dedupeKey: `contest:${contestId}:cancelled`,
        at: now,
      });
    })();
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
    const live = (this.sqlite.prepare(`${CONTEST_SELECT} WHERE state IN ('open', 'voting') ORDER BY id`).all() as ContestRow[]).map(toContest);
    for (const contest of live) {
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
    const posts = this.sqlite
      .prepare(`SELECT p.id, p.author_id AS authorId, p.created_at AS createdAt FROM posts p
        WHERE p.guild_id = @guildId AND (p.thread_id = @channelId OR (p.channel_id = @channelId AND p.thread_id IS NULL))
          AND p.created_at >= @from AND p.created_at < @to AND p.deleted_at IS NULL AND p.reply_to_id IS NULL
          AND p.author_is_bot = 0
          AND NOT EXISTS (SELECT 1 FROM members b WHERE b.guild_id = p.guild_id AND b.user_id = p.author_id AND b.is_bot = 1)
          AND NOT EXISTS (SELECT 1 FROM contest_entries e WHERE e.contest_id = @contestId AND e.post_id = p.id)
        ORDER BY p.created_at, p.id`)
      .all({ guildId: contest.guildId, channelId: contest.channelId, from: contest.createdAt, to: Math.min(contest.submissionEndsAt, now + 1), contestId: contest.id }) as {
      id: string;
      authorId: string;
      createdAt: number;
    }[];
    let added = 0;
    this.sqlite.transaction(() => {
      for (const post of posts) {
        if (this.isPostDemoted(post.id)) continue;
        if (this.entryCount(contest.id, post.authorId) >= contest.entriesPerMember) continue;
        this.insertEntry(contest.id, post.id, post.authorId, post.createdAt, 'post');
        added += 1;
      }
    })();
    return added;
  }

  private openVoting(contest: Contest, now: number): void {
    this.sqlite.transaction(() => {
      const changed = this.sqlite
        .prepare(`UPDATE contests SET state = 'voting', voting_opened_at = ? WHERE id = ? AND state = 'open'`)
        .run(now, contest.id).changes;
      if (changed === 0) return;
      enqueueAnnouncement(this.sqlite, {
        guildId: contest.guildId,
        channelId: contest.channelId,
        payload: { kind: 'contest_voting', contestId: contest.id },
        dedupeKey: `contest:${contest.id}:voting`,
        at: now,
      });
    })();
  }

  /** Tallies, ranks, pays and announces, once: everything in the transaction that moves the contest to `closed`. */
  private close(contestId: number, touched: TouchedMembers = new Map()): TouchedMembers {
    const now = this.options.now();
    const { economy } = this.options;
    this.sqlite.transaction(() => {
      const contest = this.sqlite.prepare(`${CONTEST_SELECT} WHERE id = ?`).get(contestId) as ContestRow | undefined;
      if (!contest || (contest.state !== 'open' && contest.state !== 'voting')) return;
      const changed = this.sqlite.prepare(`UPDATE contests SET state = 'closed', closed_at = ? WHERE id = ? AND state = ?`).run(now, contestId, contest.state).changes;
      if (changed === 0) return;
      const c = toContest(contest);
      const placings = rankEntries(this.tally(c));
      const config = economy.config(c.guildId);
      const insertResult = this.sqlite.prepare(`INSERT OR IGNORE INTO contest_results (contest_id, entry_id, place, votes, excluded) VALUES (?, ?, ?, ?, ?)`);
      const entryDay = utcDay(now);
      for (const placing of placings) {
        insertResult.run(contestId, placing.entryId, placing.place, placing.votes, placing.excluded);
        if (placing.excluded !== null) continue;
        const earned = (
          this.sqlite
            .prepare(`SELECT COALESCE(SUM(delta), 0) AS n FROM points_ledger WHERE guild_id = ? AND member_id = ? AND reason = 'contest_entry'
              AND kind = 'award' AND at >= ? AND at < ?`)
            .get(c.guildId, placing.memberId, entryDay.start, entryDay.end) as { n: number }
        ).n;
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
    })();
    return touched;
  }

  private tally(contest: Contest): EntryTally[] {
    const entries = this.entries(contest.id);
    const votes = new Map<number, number>();
    if (contest.voteMode === 'buttons') {
      const rows = this.sqlite
        .prepare(`SELECT entry_id AS entryId, COUNT(*) AS n FROM contest_votes WHERE contest_id = ? GROUP BY entry_id`)
        .all(contest.id) as { entryId: number; n: number }[];
      for (const row of rows) votes.set(row.entryId, row.n);
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
    const statement = this.sqlite.prepare(`SELECT x.user_id AS voterId, x.at, m.joined_at AS joinedAt FROM reactions x
      JOIN members m ON m.guild_id = x.guild_id AND m.user_id = x.user_id
      WHERE x.message_id = ? AND x.emoji = ? AND x.at >= ? AND x.at < ? AND m.is_bot = 0 AND m.left_at IS NULL`);
    const votes = entries.flatMap((entry) =>
      (statement.all(entry.postId, contest.voteEmoji, from, contest.votingEndsAt) as { voterId: string; at: number; joinedAt: number | null }[])
        .filter((r) => r.voterId !== entry.memberId)
        .filter((r) => !contest.joinedBeforeOnly || (r.joinedAt !== null && r.joinedAt < contest.createdAt))
        .map((r) => ({ entryId: entry.id, voterId: r.voterId, at: r.at })),
    );
    // Votes of members erased while the contest ran: their reactions are gone, their votes were kept under a
    // pseudonym (src/privacy/personal-data-economy.ts), so no entrant loses a vote.
    const erased = this.sqlite
      .prepare(`SELECT entry_id AS entryId, voter_id AS voterId, at FROM contest_votes WHERE contest_id = ? AND voter_id LIKE '${ERASED_PREFIX}%'`)
      .all(contest.id) as { entryId: number; voterId: string; at: number }[];
    return limitVotesPerMember([...votes, ...erased], contest.votesPerMember);
  }

  private excluded(postId: string): 'deleted' | 'low_quality' | null {
    const post = this.sqlite.prepare(`SELECT deleted_at AS deletedAt FROM posts WHERE id = ?`).get(postId) as { deletedAt: number | null } | undefined;
    if (!post || post.deletedAt !== null) return 'deleted';
    return this.isPostDemoted(postId) ? 'low_quality' : null;
  }

  private entryCount(contestId: number, memberId: string): number {
    return (this.sqlite.prepare(`SELECT COUNT(*) AS n FROM contest_entries WHERE contest_id = ? AND member_id = ?`).get(contestId, memberId) as { n: number }).n;
  }

  private insertEntry(contestId: number, postId: string, memberId: string, at: number, source: 'command' | 'post'): EntryRow {
    const id = Number(
      this.sqlite
        .prepare(`INSERT INTO contest_entries (contest_id, post_id, member_id, submitted_at, source) VALUES (?, ?, ?, ?, ?)`)
        .run(contestId, postId, memberId, at, source).lastInsertRowid,
    );
    return { id, postId, memberId, submittedAt: at };
  }

  /** The contest, or a `not_found` refusal. */
  require(guildId: string, contestId: number): Contest {
    const contest = this.get(guildId, contestId);
    if (!contest) throw new ContestRefusal('not_found', { id: contestId });
    return contest;
  }
}

const CONTEST_SELECT = `SELECT id, guild_id AS guildId, title, theme, channel_id AS channelId, created_by AS createdBy,
  created_at AS createdAt, submission_ends_at AS submissionEndsAt, voting_ends_at AS votingEndsAt,
  entries_per_member AS entriesPerMember, votes_per_member AS votesPerMember, vote_mode AS voteMode,
  vote_emoji AS voteEmoji, joined_before_only AS joinedBeforeOnly, state, voting_opened_at AS votingOpenedAt,
  closed_at AS closedAt FROM contests`;

type ContestRow = Omit<Contest, 'joinedBeforeOnly'> & { joinedBeforeOnly: number };

function toContest(row: ContestRow): Contest {
  return { ...row, joinedBeforeOnly: row.joinedBeforeOnly === 1 };
}

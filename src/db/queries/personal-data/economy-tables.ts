/**
 * Personal data in the points economy and contests. The rule is that erasing a member never changes another
 * member's points, placings or standings:
 *
 * - the member's own ledger rows go (their balance goes with them); rows paid to OTHER members because of the
 *   member (a reaction or reply they gave, an adjustment or reversal they made as a moderator) keep their delta,
 *   with the member's id replaced by the erasure's pseudonym in `actor_id`, in the `source_key`s that end with it
 *   (`reaction:<post>:<member>` and its `reverse:` twin, renamed together so the reversal still names its award and
 *   the key stays unique) and in free-text notes. The economy sync never reverses an award whose actor is a
 *   pseudonym (the reaction is gone because it was erased, not removed — see src/economy/sync.ts);
 * - votes the member cast on others' entries stay under the pseudonym (the count is the entrant's, and the
 *   per-member vote limit still holds); the member's own entries, their results and the votes on them go;
 * - contests, seasons and settings the member created or changed as an admin stay without their id (a contest's
 *   title or theme that names them keeps the pseudonym instead).
 */
import type { PersonalDataTable } from './statements.js';
import { all, inGuild, memberOwnedTable, postTableWithActor, run } from './statements.js';

const guildContests = `(SELECT id FROM contests WHERE ${inGuild()})`;
const ownEntries = `(SELECT id FROM contest_entries WHERE member_id = @userId AND contest_id IN ${guildContests})`;
const guildSeasons = `(SELECT id FROM economy_seasons WHERE ${inGuild()})`;

export const economyTables: readonly PersonalDataTable[] = [
  {
    table: 'points_ledger',
    // The member's own entries, and the entries they caused for others as the actor (their reactions and replies
    // that paid others, adjustments and reversals they made, notes included): what they did is theirs, whom it paid
    // is the other member's, so the receiver is withheld there. A reaction key ends with the reacting member's id,
    // so it is shown up to the post.
    export: (s, subject) =>
      all(
        s,
        `SELECT guild_id, CASE WHEN member_id = @userId THEN member_id END AS member_id, delta, reason, kind, denial,
                post_id, note, at, recorded_at,
                CASE WHEN source_key LIKE 'reaction:%' THEN 'reaction:' || post_id
                     WHEN source_key LIKE 'reverse:reaction:%' THEN 'reverse:reaction:' || post_id
                     ELSE source_key END AS source_key,
                CASE WHEN actor_id = @userId THEN actor_id END AS actor_id
           FROM points_ledger WHERE (member_id = @userId OR actor_id = @userId) AND ${inGuild()} ORDER BY id`,
        subject,
      ),
    erase: (s, erasure) =>
      run(
        s,
        [
          `DELETE FROM points_ledger WHERE member_id = @userId AND ${inGuild()}`,
          // Only reaction keys carry a member id, always as the last segment: replace exactly that segment.
          `UPDATE points_ledger
              SET source_key = substr(source_key, 1, length(source_key) - length(@userId)) || @pseudonym
            WHERE source_key LIKE '%:' || @userId AND ${inGuild()}`,
          `UPDATE points_ledger SET actor_id = @pseudonym WHERE actor_id = @userId AND ${inGuild()}`,
          `UPDATE points_ledger SET note = replace(note, @userId, @pseudonym) WHERE instr(note, @userId) > 0 AND ${inGuild()}`,
        ],
        erasure,
      ),
  },
  postTableWithActor('economy_post_holds', 'post_id, guild_id, reason, at', 'by_id'),
  memberOwnedTable('badge_awards', 'guild_id, member_id, badge, awarded_at'),
  memberOwnedTable('economy_role_grants', 'guild_id, member_id, role_id, state, created_at, updated_at'),
  {
    table: 'economy_configs',
    export: (s, subject) => all(s, `SELECT guild_id, updated_by, updated_at FROM economy_configs WHERE updated_by = @userId AND ${inGuild()}`, subject),
    erase: (s, erasure) => run(s, [`UPDATE economy_configs SET updated_by = @pseudonym WHERE updated_by = @userId AND ${inGuild()}`], erasure),
  },
  {
    table: 'economy_seasons',
    export: (s, subject) =>
      all(s, `SELECT guild_id, number, started_at, ended_at, started_by FROM economy_seasons WHERE started_by = @userId AND ${inGuild()}`, subject),
    erase: (s, erasure) => run(s, [`UPDATE economy_seasons SET started_by = NULL WHERE started_by = @userId AND ${inGuild()}`], erasure),
  },
  {
    table: 'economy_season_standings',
    // The member's line goes; everyone else's rank and points stay as they were when the season ended.
    export: (s, subject) =>
      all(
        s,
        `SELECT x.guild_id, x.number AS season, t.member_id, t.rank, t.points
           FROM economy_season_standings t JOIN economy_seasons x ON x.id = t.season_id
          WHERE t.member_id = @userId AND ${inGuild('x.guild_id')}`,
        subject,
      ),
    erase: (s, erasure) => run(s, [`DELETE FROM economy_season_standings WHERE member_id = @userId AND season_id IN ${guildSeasons}`], erasure),
  },
  {
    table: 'contest_votes',
    export: (s, subject) =>
      all(s, `SELECT contest_id, entry_id, voter_id, at FROM contest_votes WHERE voter_id = @userId AND contest_id IN ${guildContests}`, subject),
    erase: (s, erasure) =>
      run(
        s,
        [
          // Votes on the member's entries go with the entries (below); votes they cast stay, without their id.
          `DELETE FROM contest_votes WHERE entry_id IN ${ownEntries}`,
          `UPDATE contest_votes SET voter_id = @pseudonym WHERE voter_id = @userId AND contest_id IN ${guildContests}`,
          // In a reaction-mode contest still running, the member's votes are their reactions, which the erasure
          // deletes: the ones that count (ContestService.reactionVotes' rules) are kept as votes under the pseudonym,
          // which the tally adds to the reactions, so no entrant loses a vote.
          `INSERT OR IGNORE INTO contest_votes (contest_id, entry_id, voter_id, at)
           SELECT c.id, e.id, @pseudonym, MIN(x.at)
             FROM contests c
             JOIN contest_entries e ON e.contest_id = c.id AND e.member_id <> @userId
             JOIN reactions x ON x.message_id = e.post_id AND x.emoji = c.vote_emoji AND x.user_id = @userId
             JOIN members m ON m.guild_id = x.guild_id AND m.user_id = x.user_id
            WHERE c.vote_mode = 'reactions' AND c.state IN ('open', 'voting') AND ${inGuild('c.guild_id')}
              AND x.at >= COALESCE(c.voting_opened_at, c.submission_ends_at) AND x.at < c.voting_ends_at
              AND m.is_bot = 0 AND m.left_at IS NULL
              AND (c.joined_before_only = 0 OR (m.joined_at IS NOT NULL AND m.joined_at < c.created_at))
            GROUP BY c.id, e.id`,
        ],
        erasure,
      ),
  },
  {
    table: 'contest_results',
    export: (s, subject) => all(s, `SELECT contest_id, entry_id, place, votes, excluded FROM contest_results WHERE entry_id IN ${ownEntries}`, subject),
    erase: (s, erasure) => run(s, [`DELETE FROM contest_results WHERE entry_id IN ${ownEntries}`], erasure),
  },
  {
    table: 'contest_entries',
    export: (s, subject) =>
      all(s, `SELECT id, contest_id, post_id, member_id, submitted_at, source FROM contest_entries WHERE id IN ${ownEntries}`, subject),
    erase: (s, erasure) => run(s, [`DELETE FROM contest_entries WHERE id IN ${ownEntries}`], erasure),
  },
  {
    table: 'contests',
    // A contest the member announced belongs to its entrants: it stays (title and theme included), without them. A
    // title or theme (anyone's contest) that names the member gets the erasure's pseudonym instead of their id.
    export: (s, subject) =>
      all(s, `SELECT id, guild_id, title, theme, created_by, created_at, state FROM contests WHERE created_by = @userId AND ${inGuild()}`, subject),
    erase: (s, erasure) =>
      run(
        s,
        [
          `UPDATE contests SET created_by = @pseudonym WHERE created_by = @userId AND ${inGuild()}`,
          `UPDATE contests SET title = replace(title, @userId, @pseudonym), theme = replace(theme, @userId, @pseudonym)
            WHERE (instr(title, @userId) > 0 OR instr(theme, @userId) > 0) AND ${inGuild()}`,
        ],
        erasure,
      ),
  },
];

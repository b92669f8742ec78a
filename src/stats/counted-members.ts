/**
 * Who /stats counts, as SQL conditions on a member-id column (the query binds @guildId). The same people the rest
 * of attune counts:
 * - members who opted out (privacy_opt_outs) are left out entirely, as the graph and the recommender do;
 * - bots are left out (their posts are `author_is_bot`; a bot that reacts is known from `members.is_bot`);
 * - members who left still count in activity over time (they were there then), but not among current balances,
 *   which follow the leaderboard: present, non-bot members only (src/economy/standings.ts).
 * Written as uncorrelated IN lists: SQLite builds each list once per query, where a correlated EXISTS ran a lookup
 * per row (tens of thousands of reactions; bench/stats.ts).
 */
export const notOptedOut = (column: string): string =>
  `${column} NOT IN (SELECT o.user_id FROM privacy_opt_outs o WHERE o.guild_id = @guildId)`;

export const notBot = (column: string): string =>
  `${column} NOT IN (SELECT b.user_id FROM members b WHERE b.guild_id = @guildId AND b.is_bot = 1)`;

export const presentMember = (column: string): string =>
  `${column} IN (SELECT m.user_id FROM members m WHERE m.guild_id = @guildId AND m.left_at IS NULL AND m.is_bot = 0)`;

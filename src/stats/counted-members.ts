/**
 * Who /stats counts, as SQL conditions on a member-id column (the query binds @guildId). The same people the rest
 * of attune counts:
 * - members who opted out (privacy_opt_outs) are left out entirely, as the graph and the recommender do;
 * - bots are left out (their posts are `author_is_bot`; a bot that reacts is known from `members.is_bot`);
 * - members who left still count in activity over time (they were there then), but not among current balances,
 *   which follow the leaderboard: present, non-bot members only (src/economy/standings.ts).
 */
export const notOptedOut = (column: string): string =>
  `NOT EXISTS (SELECT 1 FROM privacy_opt_outs o WHERE o.guild_id = @guildId AND o.user_id = ${column})`;

export const notBot = (column: string): string =>
  `NOT EXISTS (SELECT 1 FROM members b WHERE b.guild_id = @guildId AND b.user_id = ${column} AND b.is_bot = 1)`;

export const presentMember = (column: string): string =>
  `EXISTS (SELECT 1 FROM members m WHERE m.guild_id = @guildId AND m.user_id = ${column} AND m.left_at IS NULL AND m.is_bot = 0)`;

/**
 * Where personal data lives, table by table: one entry per table that can hold a member's id or words, each
 * knowing how to export the member's rows (and nothing about anyone else) and how to erase them. /privacy export
 * and /privacy delete, and the retention sweeps, walk this registry (src/privacy/personal-data.ts); a feature that
 * adds a table adds an entry here (or lists the table in TABLES_WITHOUT_PERSONAL_DATA) —
 * test/privacy/personal-data-registry.test.ts fails until it does.
 */
import { deliveryTables } from './delivery-tables.js';
import { economyTables } from './economy-tables.js';
import { modelTables } from './model-tables.js';
import { recommendTables } from './recommend-tables.js';
import { all, inGuild, ownPosts, postTableWithActor, run, type PersonalDataTable } from './statements.js';

/**
 * Tables that hold no member ids and no member-written text. reaction_tallies are anonymous counts on a post; they
 * leave with the post (foreign key). economy_admin_notices say what attune lacks in a guild (a permission), never who.
 * guild_settings are the server's own switches (time zone, language, economy on or off), set by no one in particular.
 * privacy_opt_out_version is one counter that moves when the opt-out list changes.
 */
export const TABLES_WITHOUT_PERSONAL_DATA: readonly string[] = [
  'ingest_checkpoints',
  'privacy_opt_out_version',
  'reaction_tallies',
  'economy_admin_notices',
  'guild_settings',
  '__drizzle_migrations',
  'sqlite_sequence',
];

/**
 * Every table's entry, in erasure order: rows that point at the member's posts (or are found through them) go
 * before the posts themselves. A feature with its own tables adds its entries here, ahead of `posts` when its rows
 * are keyed by the member's posts.
 */
const registry: readonly PersonalDataTable[] = [
  ...economyTables,
  ...deliveryTables,
  ...recommendTables,
  ...modelTables,
  {
    table: 'post_quality_scores',
    export: (s, subject) => all(s, `SELECT post_id, guild_id, score, scored_at FROM post_quality_scores WHERE post_id IN ${ownPosts}`, subject),
    erase: (s, subject) => run(s, [`DELETE FROM post_quality_scores WHERE post_id IN ${ownPosts}`], subject),
  },
  {
    table: 'post_flags',
    // Flags the member raised; flags others raised on the member's posts name those others, so only their count
    // shows up (in moderation_reviews), and they go with the posts.
    export: (s, subject) =>
      all(s, `SELECT guild_id, post_id, source, reason, at FROM post_flags WHERE reporter_id = @userId AND ${inGuild()}`, subject),
    erase: (s, subject) =>
      run(s, [`DELETE FROM post_flags WHERE (reporter_id = @userId AND ${inGuild()}) OR post_id IN ${ownPosts}`], subject),
  },
  postTableWithActor('moderation_reviews', 'post_id, guild_id, status, opened_at, resolved_at', 'resolved_by'),
  {
    table: 'moderation_audit',
    // What the member did as a moderator or reporter stays in the audit, without their name on it.
    export: (s, subject) =>
      all(s, `SELECT guild_id, actor_id, action, post_id, reason, at FROM moderation_audit WHERE actor_id = @userId AND ${inGuild()}`, subject),
    erase: (s, subject) =>
      run(
        s,
        [
          `DELETE FROM moderation_audit WHERE post_id IN ${ownPosts}`,
          `UPDATE moderation_audit SET actor_id = NULL WHERE actor_id = @userId AND ${inGuild()}`,
        ],
        subject,
      ),
  },
  postTableWithActor('post_demotions', 'post_id, guild_id, at', 'moderator_id'),
  {
    table: 'reactions',
    // The member's own reactions. Reactions on their posts are other members' acts and leave with the posts.
    export: (s, subject) =>
      all(s, `SELECT message_id, guild_id, emoji, emoji_name, at FROM reactions WHERE user_id = @userId AND ${inGuild()}`, subject),
    erase: (s, subject) => run(s, [`DELETE FROM reactions WHERE user_id = @userId AND ${inGuild()}`], subject),
  },
  {
    table: 'mentions',
    export: (s, subject) => all(s, `SELECT message_id, guild_id, at FROM mentions WHERE user_id = @userId AND ${inGuild()}`, subject),
    erase: (s, subject) => run(s, [`DELETE FROM mentions WHERE user_id = @userId AND ${inGuild()}`], subject),
  },
  {
    table: 'thread_co_participation',
    // The partner is another member: only the thread and the time are the member's.
    export: (s, subject) =>
      all(s, `SELECT thread_id, guild_id, at FROM thread_co_participation WHERE (member_a = @userId OR member_b = @userId) AND ${inGuild()}`, subject),
    erase: (s, subject) =>
      run(s, [`DELETE FROM thread_co_participation WHERE (member_a = @userId OR member_b = @userId) AND ${inGuild()}`], subject),
  },
  {
    table: 'privacy_opt_outs',
    export: (s, subject) => all(s, `SELECT guild_id, user_id, at FROM privacy_opt_outs WHERE user_id = @userId AND ${inGuild()}`, subject),
    erase: (s, subject) => run(s, [`DELETE FROM privacy_opt_outs WHERE user_id = @userId AND ${inGuild()}`], subject),
  },
  {
    table: 'posts',
    // The member's messages, words included. Others' replies to them are the others' posts: they stay, without
    // the link to the member, and where their words name the member (`<@id>`, `<@!id>`, the bare id) the id is
    // replaced by the erasure's pseudonym. Deleting a post takes its reactions, mentions and tallies (foreign keys
    // cascade).
    export: (s, subject) =>
      all(
        s,
        `SELECT id, guild_id, channel_id, thread_id, author_id, created_at, edited_at, deleted_at, reply_to_id,
                attachment_count, content, media, source
           FROM posts WHERE author_id = @userId AND ${inGuild()}`,
        subject,
      ),
    erase: (s, subject) =>
      run(
        s,
        [
          `UPDATE posts SET reply_to_author_id = NULL WHERE reply_to_author_id = @userId AND ${inGuild()}`,
          `DELETE FROM posts WHERE author_id = @userId AND ${inGuild()}`,
          `UPDATE posts SET content = replace(content, @userId, @pseudonym) WHERE instr(content, @userId) > 0 AND ${inGuild()}`,
        ],
        subject,
      ),
  },
  {
    table: 'channels',
    // Threads the member started: the thread stays (others posted in it), the link to its creator goes. A name
    // (others' threads too) that holds the member's id gets the erasure's pseudonym instead.
    export: (s, subject) => all(s, `SELECT id, guild_id, name, kind, created_at FROM channels WHERE owner_id = @userId AND ${inGuild()}`, subject),
    erase: (s, erasure) =>
      run(
        s,
        [
          `UPDATE channels SET owner_id = NULL WHERE owner_id = @userId AND ${inGuild()}`,
          `UPDATE channels SET name = replace(name, @userId, @pseudonym) WHERE instr(name, @userId) > 0 AND ${inGuild()}`,
        ],
        erasure,
      ),
  },
  {
    table: 'members',
    export: (s, subject) =>
      all(s, `SELECT guild_id, user_id, username, display_name, joined_at, left_at, updated_at FROM members WHERE user_id = @userId AND ${inGuild()}`, subject),
    erase: (s, subject) => run(s, [`DELETE FROM members WHERE user_id = @userId AND ${inGuild()}`], subject),
  },
  {
    table: 'guilds',
    // The owner's id is refreshed at the next guild sync while they own it; it is public server metadata.
    export: (s, subject) => all(s, `SELECT id, name, owner_id FROM guilds WHERE owner_id = @userId AND ${inGuild('id')}`, subject),
    erase: (s, subject) => run(s, [`UPDATE guilds SET owner_id = NULL WHERE owner_id = @userId AND ${inGuild('id')}`], subject),
  },
];

export function personalDataTables(): readonly PersonalDataTable[] {
  return registry;
}

/**
 * The evaluation target at a cut T: which candidates each member engages with in [T, T + horizon). Engagement
 * means reacting to a post, replying to it, or mentioning its author (read as engaging with the author's latest
 * post before the mention, the same rule the snapshot's mention edges use). Bots and deleted messages do not count.
 */
import type Database from 'better-sqlite3';
import { AuthorTimeline } from '../../graph/author-timeline.js';
import { mentionEventsBetween } from '../../graph/mention-events.js';

/** member id → ids of the candidate posts they engaged with (before any exclusion). */
export function engagementsBetween(
  sqlite: Database.Database,
  guildId: string,
  candidateIds: ReadonlySet<string>,
  windowStart: number,
  from: number,
  to: number,
): Map<string, Set<string>> {
  const engaged = new Map<string, Set<string>>();
  const add = (member: string, post: string) => {
    if (!candidateIds.has(post)) return;
    let set = engaged.get(member);
    if (!set) engaged.set(member, (set = new Set()));
    set.add(post);
  };
  const bots = new Set(
    (sqlite.prepare(`SELECT user_id FROM members WHERE guild_id = ? AND is_bot = 1`).raw(true).all(guildId) as [string][]).map(
      ([id]) => id,
    ),
  );

  const reactions = sqlite
    .prepare(`SELECT user_id, message_id FROM reactions WHERE guild_id = ? AND at >= ? AND at < ?`)
    .raw(true)
    .iterate(guildId, from, to) as IterableIterator<[string, string]>;
  for (const [member, post] of reactions) if (!bots.has(member)) add(member, post);

  const replies = sqlite
    .prepare(
      `SELECT author_id, reply_to_id FROM posts
        WHERE guild_id = ? AND created_at >= ? AND created_at < ? AND reply_to_id IS NOT NULL
          AND deleted_at IS NULL AND author_is_bot = 0`,
    )
    .raw(true)
    .iterate(guildId, from, to) as IterableIterator<[string, string]>;
  for (const [member, post] of replies) if (!bots.has(member)) add(member, post);

  const mentions = mentionEventsBetween(sqlite, guildId, from, to);
  if (mentions.length > 0) {
    // A mention's post is the mentioned member's latest before it; posts older than the window are not candidates,
    // so the timeline only needs posts from the window start on.
    const timeline = new AuthorTimeline();
    const ids: string[] = [];
    const rows = sqlite
      .prepare(
        `SELECT id, author_id, created_at FROM posts
          WHERE guild_id = ? AND created_at >= ? AND created_at < ? AND deleted_at IS NULL AND author_is_bot = 0
          ORDER BY created_at, id`,
      )
      .raw(true)
      .iterate(guildId, windowStart, to) as IterableIterator<[string, string, number]>;
    for (const [id, author, createdAt] of rows) {
      timeline.add(author, createdAt, ids.length);
      ids.push(id);
    }
    for (const mention of mentions) {
      const post = timeline.latestBefore(mention.mentioned, mention.at);
      if (post >= 0) add(mention.member, ids[post] as string);
    }
  }
  return engaged;
}

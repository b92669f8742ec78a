/**
 * Recommendation queries: the live reads a request makes besides the serving snapshot (what the member did since
 * it was built, their feedback, what their digests showed, posts newer than it, deletions on the shortlist, thread
 * facts) and the writes (impressions, feedback). Every one runs per request or per digest member, so they are
 * better-sqlite3 statements prepared once per connection; the list reads return rows as tuples (`raw`), which
 * spares an object per row on the hot path. Row shapes are declared with the statements.
 */
import type { ChannelKind, FeedbackKind, RecommendationSurface } from '../schema.js';
import { perConnection } from './per-connection.js';

/** A post newer than the serving snapshot, as a tuple: see FreshPost for the object. */
export type FreshPostRow = [id: string, channelId: string, threadId: string | null, authorId: string, authorIsBot: number, createdAt: number];

export interface NewImpression {
  guildId: string;
  memberId: string;
  postId: string;
  surface: RecommendationSurface;
  shownAt: number;
  rank: number;
  method: string;
  reason: string;
  day: string | null;
}

export interface NewFeedback {
  guildId: string;
  memberId: string;
  postId: string;
  kind: FeedbackKind;
  authorId: string;
  channelId: string;
  at: number;
}

export const recommendQueries = perConnection((sqlite) => {
  const feedback = sqlite
    .prepare<[guildId: string, memberId: string], [postId: string, kind: FeedbackKind, authorId: string, channelId: string]>(
      `SELECT post_id, kind, author_id, channel_id FROM recommendation_feedback WHERE guild_id = ? AND member_id = ?`,
    )
    .raw();
  const digested = sqlite
    .prepare<[guildId: string, memberId: string], string>(
      `SELECT post_id FROM recommendation_impressions
        WHERE guild_id = ? AND member_id = ? AND surface IN ('digest_dm', 'digest_picks')`,
    )
    .pluck();
  const deletedAmong = sqlite
    .prepare<[postIdsJson: string], string>(
      `SELECT j.value FROM json_each(?) j LEFT JOIN posts p ON p.id = j.value
        WHERE p.id IS NULL OR p.deleted_at IS NOT NULL`,
    )
    .pluck();
  const freshPosts = sqlite
    .prepare<[guildId: string, since: number, limit: number], FreshPostRow>(
      `SELECT id, channel_id, thread_id, author_id, author_is_bot, created_at FROM posts
        WHERE guild_id = ? AND created_at >= ? AND deleted_at IS NULL ORDER BY created_at DESC LIMIT ?`,
    )
    .raw();
  const channelKind = sqlite.prepare<[channelId: string], ChannelKind>(`SELECT kind FROM channels WHERE id = ?`).pluck();
  const channels = sqlite.prepare<[guildId: string], { id: string; name: string; kind: ChannelKind }>(
    `SELECT id, name, kind FROM channels WHERE guild_id = ?`,
  );
  const insertImpression = sqlite.prepare<NewImpression>(
    `INSERT OR IGNORE INTO recommendation_impressions (guild_id, member_id, post_id, surface, shown_at, rank, method, reason, day)
     VALUES (@guildId, @memberId, @postId, @surface, @shownAt, @rank, @method, @reason, @day)`,
  );
  const upsertFeedback = sqlite.prepare<NewFeedback>(
    `INSERT INTO recommendation_feedback (guild_id, member_id, post_id, kind, author_id, channel_id, at)
     VALUES (@guildId, @memberId, @postId, @kind, @authorId, @channelId, @at)
     ON CONFLICT (guild_id, member_id, post_id) DO UPDATE SET kind = excluded.kind, at = excluded.at`,
  );
  const postFacts = sqlite.prepare<[postId: string, guildId: string], { authorId: string; channelId: string; threadId: string | null }>(
    `SELECT author_id AS authorId, channel_id AS channelId, thread_id AS threadId FROM posts WHERE id = ? AND guild_id = ?`,
  );

  return {
    /** Posts the member reacted to since `since`, with their authors. */
    /** Posts the member replied to since `since`, with their authors when the reply stored them. */
    feedbackOf: (guildId: string, memberId: string): [postId: string, kind: FeedbackKind, authorId: string, channelId: string][] =>
      feedback.all(guildId, memberId),
    /** Posts already shown to the member in a digest (any day). */
    digestedPostIds: (guildId: string, memberId: string): string[] => digested.all(guildId, memberId),
    /** Which of the posts are deleted or not stored (one query for a whole shortlist). */
    deletedAmong: (postIds: readonly string[]): string[] => (postIds.length === 0 ? [] : deletedAmong.all(JSON.stringify(postIds))),
    /** The guild's live posts created at or after `since`, newest first. */
    freshPosts: (guildId: string, since: number, limit: number): FreshPostRow[] => freshPosts.all(guildId, since, limit),
    channelKind: (channelId: string): ChannelKind | undefined => channelKind.get(channelId),
    channelsOfGuild: (guildId: string): { id: string; name: string; kind: ChannelKind }[] => channels.all(guildId),
    /** The first showing counts: a second one of the same post on the same surface changes nothing. */
    insertImpression: (impression: NewImpression): void => {
      insertImpression.run(impression);
    },
    /** The latest press per member and post counts. */
    upsertFeedback: (entry: NewFeedback): void => {
      upsertFeedback.run(entry);
    },
    postFacts: (postId: string, guildId: string): { authorId: string; channelId: string; threadId: string | null } | undefined =>
      postFacts.get(postId, guildId),
  };
});

export type RecommendQueries = ReturnType<typeof recommendQueries>;

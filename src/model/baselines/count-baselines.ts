/** Popularity, recency, Reddit hot and a Discourse-style top score: the non-personalised baselines. */
import type { GraphSnapshot } from '../../graph/snapshot.js';
import type { RankingMethod } from '../ranker.js';
import { staticScoreMethod, type StaticParams } from './static-score.js';

const HOUR_MS = 3_600_000;

/** Reactions before the cut: a starboard. */
export function popularityMethod(): RankingMethod<StaticParams> {
  return staticScoreMethod('popularity', (s, p) => s.posts.reactionCount[p] as number);
}

/** Newest first. Scored as hours relative to the snapshot so Float32 keeps minute precision. */
export function recencyMethod(): RankingMethod<StaticParams> {
  return staticScoreMethod('recency', (s, p) => ((s.posts.createdAt[p] as number) - s.at) / HOUR_MS);
}

/**
 * Reddit's hot ranking: log10(max(|score|, 1)) · sign(score) + seconds / 45000, where score = ups − downs and
 * seconds is the submission time (every 12.5 hours of age is worth a tenfold score). Discord has no downvotes, so
 * score = reactions. The time term is taken relative to the snapshot, a constant shift that keeps the order.
 */
export function redditHot(reactions: number, createdAt: number, at: number): number {
  const order = Math.log10(Math.max(Math.abs(reactions), 1));
  const sign = reactions > 0 ? 1 : reactions < 0 ? -1 : 0;
  return sign * order + (createdAt - at) / 1000 / 45_000;
}

export function redditHotMethod(): RankingMethod<StaticParams> {
  return staticScoreMethod('reddit-hot', (s, p) =>
    redditHot(s.posts.reactionCount[p] as number, s.posts.createdAt[p] as number, s.at),
  );
}

/**
 * Discourse's "top" topic score (TopTopic.compute_top_score_for, default multipliers):
 *   log10(views) · 2 + op_likes · 0.5 + min(likes / posts_count, 3) + 10 + log10(posts_count)
 * over a period. Here a post stands for a topic: op_likes = likes = its reactions, posts_count = 1 + its replies,
 * all counted before the cut (the candidate window is the period). Discord shows no views, so that term is 0
 * (Discourse's value for a topic with one view); the constant 10 does not change the order and is dropped.
 */
export function discourseTop(reactions: number, replies: number): number {
  const postsCount = 1 + replies;
  return reactions * 0.5 + Math.min(reactions / postsCount, 3) + Math.log10(postsCount);
}

export function discourseTopMethod(): RankingMethod<StaticParams> {
  return staticScoreMethod('discourse-top', (s: GraphSnapshot, p) =>
    discourseTop(s.posts.reactionCount[p] as number, s.posts.replyCount[p] as number),
  );
}

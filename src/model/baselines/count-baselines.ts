/** Popularity, recency, Reddit hot and a Discourse-style top score: the non-personalised baselines. */
import type { GraphSnapshot } from '../../graph/snapshot.js';
import type { RankingMethod } from '../ranker.js';
import { staticScoreMethod, type StaticParams } from './static-score.js';
import { indexThreads, type ThreadIndex } from './threads.js';

const HOUR_MS = 3_600_000;

/** Reactions before the cut: a starboard. */
export function popularityMethod(): RankingMethod<StaticParams> {
  return staticScoreMethod('popularity', (s) => (p) => s.posts.reactionCount[p] as number);
}

/** Newest first. Scored as hours relative to the snapshot so Float32 keeps minute precision. */
export function recencyMethod(): RankingMethod<StaticParams> {
  return staticScoreMethod('recency', (s) => (p) => ((s.posts.createdAt[p] as number) - s.at) / HOUR_MS);
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
  return staticScoreMethod('reddit-hot', (s) => (p) => redditHot(s.posts.reactionCount[p] as number, s.posts.createdAt[p] as number, s.at));
}

/**
 * Discourse's "top" topic score (TopTopic.compute_top_score_for, default multipliers):
 *   log10(views) · 2 + op_likes · 0.5 + min(likes / posts_count, 3) + 10 + log10(posts_count)
 * over a period. Here a post stands for a topic: op_likes = likes = its reactions, and posts_count = 1 + its
 * replies, all counted before the cut (the candidate window is the period). The replies of a post that starts a
 * thread or forum post include the thread's posts, as a Discourse topic's posts_count counts every post in it: for a
 * forum post (its starter is in the thread) posts_count is the thread's posts; for a thread started from a message,
 * 1 + replies to that message + the thread's posts. Discord shows no views, so that term is 0 (Discourse's value for
 * a topic with one view); the constant 10 does not change the order and is dropped.
 */
export function discourseTop(reactions: number, replies: number): number {
  const postsCount = 1 + replies;
  return reactions * 0.5 + Math.min(reactions / postsCount, 3) + Math.log10(postsCount);
}

export function discourseTopMethod(): RankingMethod<StaticParams> {
  return staticScoreMethod('discourse-top', (s: GraphSnapshot) => {
    const threads = indexThreads(s);
    return (p) => discourseTop(s.posts.reactionCount[p] as number, topicReplies(s, threads, p));
  });
}

/** posts_count − 1 of the topic a post stands for (see above). */
function topicReplies(s: GraphSnapshot, threads: ThreadIndex, p: number): number {
  const replies = s.posts.replyCount[p] as number;
  const thread = threads.startedBy(p);
  if (thread < 0) return replies;
  // A forum post's replies are posts in its thread; a message that started a thread keeps its own replies too.
  return s.posts.thread[p] === thread ? threads.size(thread) - 1 : replies + threads.size(thread);
}
